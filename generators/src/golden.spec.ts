import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from './core/generate.js';
import type { GenerateOutput, JsonObject } from './core/types.js';
import { generateClientFiles } from './io/hey-api.js';
import { readSource, resolveSpec } from './io/spec-source.js';
import { fixtureInput, fixturesDir, workspaceRoot } from './testing/fixtures.js';

const require = createRequire(import.meta.url);
const expected = JSON.parse(readFileSync(join(fixturesDir, 'quantconnect-tools.json'), 'utf8')) as {
  tools: { name: string; endpoint: string; toolset: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean }[];
};
/** Tools that are not one call to one operation: two-step authorization, the compile-and-backtest composite and the two local tools. */
const NOT_ONE_CALL = new Set(['authorize_connection', 'run_backtest', 'read_mcp_server_version', 'read_latest_mcp_server_version']);

let result: GenerateOutput;
let spec: JsonObject;
const scratch = join(workspaceRoot, 'generators/tmp/golden');

beforeAll(async () => {
  const resolved = await resolveSpec(workspaceRoot);
  spec = parse(resolved.text) as JsonObject;
  const overlayDir = join(workspaceRoot, 'openapi/overlays');
  const names = execFileSync('ls', [overlayDir], { encoding: 'utf8' }).split('\n').filter((name) => name.endsWith('.yaml'));
  result = await generate({
    spec,
    specSha256: resolved.sha256,
    specName: (await readSource(workspaceRoot)).path,
    overlays: names.map((name) => ({ name, document: parse(readFileSync(join(overlayDir, name), 'utf8')) as JsonObject })),
  });
  mkdirSync(scratch, { recursive: true });
});

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** A tsconfig for generated files in `dir` whose tools check against the request types generated beside them. */
function writeTsconfig(dir: string) {
  writeFileSync(
    join(dir, 'api-client.ts'),
    // The tool definitions' other import from the client, which these checks do not need.
    `export type * from './libs/api-client/src/generated/types.gen.js';\nexport type QuantConnectClient = unknown;\n`,
  );
  const paths = { '@qc-mcp/api-client': [join(dir, 'api-client.ts')], '@qc-mcp/mcp-tools/tool-definition': [join(workspaceRoot, 'libs/mcp-tools/src/lib/tool-definition.ts')] };
  writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ extends: join(workspaceRoot, 'tsconfig.base.json'), compilerOptions: { paths }, include: ['libs/mcp-tools/**/*.ts', 'api-client.ts'] }));
}

describe('golden: the pinned QuantConnect spec', () => {
  it('covers every operation of the spec', () => {
    const operations = Object.keys(spec.paths as JsonObject);
    expect(operations.length).toBeGreaterThan(0);
    expect(result.model.uncoveredOperations).toEqual([]);
    expect(result.warnings).toEqual([]);
    const patchedPaths = result.patchedSpec.paths as Record<string, { post: JsonObject }>;
    for (const path of operations) expect(patchedPaths[path]?.post['x-mcp'], path).toBeDefined();
  });

  it('defines each single-call tool of the promised surface, with its endpoint, toolset and hints', () => {
    // The promised surface (reference/tools.md) less the tools that are not one call each.
    const oneCall = expected.tools.filter((tool) => !NOT_ONE_CALL.has(tool.name));
    const generated = result.model.tools.filter((tool) => !NOT_ONE_CALL.has(tool.name));
    expect(generated.map((tool) => tool.name).sort()).toEqual(oneCall.map((tool) => tool.name).sort());
    for (const want of oneCall) {
      const tool = generated.find((candidate) => candidate.name === want.name);
      expect({ name: tool?.name, path: tool?.path, toolset: tool?.toolset, ...tool?.annotations, title: undefined }).toEqual({
        name: want.name,
        path: want.endpoint,
        toolset: want.toolset,
        readOnlyHint: want.readOnlyHint,
        destructiveHint: want.destructiveHint,
        idempotentHint: want.idempotentHint,
        openWorldHint: want.openWorldHint,
        title: undefined,
      });
    }
  });

  it('gives authorize_connection its metadata from the authorize operation, for the hand-written handler', () => {
    const tool = result.model.tools.find((candidate) => candidate.name === 'authorize_connection');
    expect(tool).toMatchObject({ implementation: 'custom', path: '/live/auth0/authorize', toolset: 'live' });
    expect(tool?.inputFields.map((field) => field.name)).toEqual(['brokerage']);
  });

  it('takes codeSourceId from configuration on the file tools and the lock tool', () => {
    const injected = result.model.tools.filter((tool) => 'codeSourceId' in tool.inject).map((tool) => tool.name).sort();
    expect(injected).toEqual(
      ['create_file', 'delete_file', 'lock_project_with_collaborators', 'patch_file', 'read_file', 'update_file_contents', 'update_file_name'].sort(),
    );
    for (const tool of result.model.tools) expect(tool.inputFields.map((field) => field.name)).not.toContain('codeSourceId');
  });

  it('lets list_projects list everything and patch_file take a patch (spec defects 1 and 9)', () => {
    const byName = new Map(result.model.tools.map((tool) => [tool.name, tool]));
    // list_projects sends nothing: its only arguments page the answer locally.
    expect(byName.get('list_projects')?.inputFields.map((field) => field.name)).toEqual(['offset', 'limit']);
    expect(byName.get('list_projects')?.localArguments).toEqual(['offset', 'limit']);
    // read_project asks for one project; only list_projects leaves projectId out.
    expect(byName.get('read_project')?.inputFields).toEqual([{ name: 'projectId', type: 'integer', required: true }]);
    expect(byName.get('patch_file')?.inputFields).toEqual([
      { name: 'projectId', type: 'integer', required: true },
      { name: 'patch', type: 'string', required: true },
    ]);
  });

  it('marks the tools that may answer "still loading"', () => {
    const pending = result.model.tools.filter((tool) => tool.pending).map((tool) => tool.name).sort();
    expect(pending).toEqual(['read_backtest_chart', 'read_backtest_report', 'read_live_chart', 'read_live_orders']);
  });

  it('matches the committed surface file', () => {
    const committed = readFileSync(join(workspaceRoot, 'openapi/mcp-surface.json'), 'utf8');
    expect(result.files.get('openapi/mcp-surface.json')).toBe(committed);
  });

  it('produces a patched spec that Redocly lints with 0 errors', () => {
    const file = join(scratch, 'openapi.json');
    writeFileSync(file, JSON.stringify(result.patchedSpec));
    const cli = join(dirname(require.resolve('@redocly/cli/package.json')), 'bin/cli.js');
    let output: string;
    try {
      output = execFileSync(process.execPath, [cli, 'lint', file, '--format=json'], {
        cwd: scratch,
        encoding: 'utf8',
        env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
    } catch (error) {
      output = (error as { stdout: string }).stdout;
    }
    const report = JSON.parse(output.slice(output.indexOf('{'))) as { totals: { errors: number }; problems: { ruleId: string; message: string; severity: string }[] };
    const errors = report.problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => `${problem.ruleId}: ${problem.message}`);
    expect(errors).toEqual([]);
    expect(report.totals.errors).toBe(0);
  }, 120_000);

  it('emits tool modules whose contracts type-check against their own spec (fixtures and the real spec)', async () => {
    const tsc = require.resolve('typescript/bin/tsc');
    const typecheck = async (name: string, output: GenerateOutput) => {
      const dir = join(scratch, 'typecheck', name);
      const clientFiles = await generateClientFiles(output.patchedSpec, '// test');
      for (const [path, content] of [...output.files, ...clientFiles]) {
        if (!path.endsWith('.ts')) continue;
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
      writeTsconfig(dir);
      try {
        execFileSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8' });
        return '';
      } catch (error) {
        return String((error as { stdout?: string }).stdout);
      }
    };
    for (const fixture of ['one-of-body', 'nullable-field']) expect(await typecheck(fixture, await generate(fixtureInput(fixture)))).toBe('');
    expect(await typecheck('quantconnect', result)).toBe('');
  }, 120_000);

  it('a tool whose fields leave out a field its operation requires fails typecheck, naming it', async () => {
    const input = fixtureInput('one-of-body');
    const actions = input.overlays[0]?.document.actions as { update: { 'x-mcp': { tools: Record<string, unknown>[] } } }[];
    actions[0]!.update['x-mcp'].tools[1]!.fields = ['projectId', 'name'];
    const dir = join(scratch, 'typecheck', 'broken');
    const output = await generate(input);
    for (const [path, content] of [...output.files, ...(await generateClientFiles(output.patchedSpec, '// test'))]) {
      if (!path.endsWith('.ts')) continue;
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), content);
    }
    writeTsconfig(dir);
    const run = () => execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(dir, 'tsconfig.json'), '--pretty', 'false'], { encoding: 'utf8' });
    expect(run).toThrow();
    let stdout = '';
    try {
      run();
    } catch (error) {
      stdout = String((error as { stdout?: string }).stdout);
    }
    expect(stdout).toMatch(/update-file-contents\.gen\.ts\(\d+,\d+\): error TS2322: Type 'boolean' is not assignable to type 'Contract</);
    expect(stdout).not.toMatch(/update-file-name\.gen\.ts/);
  }, 120_000);
});
