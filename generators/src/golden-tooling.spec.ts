import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from './core/generate.js';
import type { GenerateOutput } from './core/types.js';
import { generateClientFiles } from './io/hey-api.js';
import { fixtureInput, workspaceRoot } from './testing/fixtures.js';
import { generateGolden } from './testing/golden.js';

/**
 * The generated output as outside tools read it: Redocly lints the patched spec, and TypeScript
 * checks each tool's contract against the request types hey-api generates beside it.
 */
const require = createRequire(import.meta.url);
let result: GenerateOutput;
const scratch = join(workspaceRoot, 'generators/tmp/golden');

beforeAll(async () => {
  ({ result } = await generateGolden());
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

describe('golden: the generated output under Redocly and TypeScript', () => {
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
