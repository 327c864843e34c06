import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { GenerateOutput, JsonObject } from './core/types.js';
import { fixturesDir, workspaceRoot } from './testing/fixtures.js';
import { generateGolden } from './testing/golden.js';

const expected = JSON.parse(readFileSync(join(fixturesDir, 'quantconnect-tools.json'), 'utf8')) as {
  tools: { name: string; endpoint: string; toolset: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean }[];
};
/** Tools that are not one call to one operation: two-step authorization, the compile-and-backtest composite and the two local tools. */
const NOT_ONE_CALL = new Set(['authorize_connection', 'run_backtest', 'read_mcp_server_version', 'read_latest_mcp_server_version']);

let result: GenerateOutput;
let spec: JsonObject;

beforeAll(async () => {
  ({ spec, result } = await generateGolden());
});

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
});
