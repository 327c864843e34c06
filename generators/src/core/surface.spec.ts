import { describe, expect, it } from 'vitest';
import { fixtureInput } from '../testing/fixtures.js';
import { generate } from './generate.js';
import { buildSurface, diffSurfaces, formatSurfaceDiff, renderSurface } from './surface.js';
import type { ApiModel, ToolModel } from './types.js';

/** A tool model written out by hand (what buildModel would produce for one tool). */
const tool = (change: Partial<ToolModel> = {}): ToolModel => ({
  name: 'read_thing',
  title: 'Read a thing',
  description: 'Read a thing.',
  toolset: 'projects',
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
  implementation: 'generated',
  retry: true,
  operationId: 'readThing',
  path: '/things/read',
  contentType: 'application/json',
  inject: { agent: 'agentName' },
  inputFields: [
    { name: 'thingId', type: 'integer', required: true },
    { name: 'name', type: 'string', required: false },
  ],
  inputJsonSchema: {},
  hasBody: true,
  outputFields: ['success', 'thing'],
  inputZod: '',
  localArguments: [],
  ...change,
});
const model = (tools: ToolModel[]): ApiModel => ({ specSha256: 'abc', specName: 'spec.yaml', tools, presets: { core: ['read_thing'] }, uncoveredOperations: ['GET /x'] });

describe('the surface', () => {
  it('records each tool\'s facts, sorted by name, with a 12-character sha256 of its description', () => {
    const surface = buildSurface(
      model([
        tool({ name: 'write_thing', realMoney: true, localArguments: ['limit'], view: { name: 'thing' }, wait: { job: 'compile', poll: 'read_thing', defaultSeconds: 1, maxSeconds: 2 } }),
        tool({ implementation: 'local', path: '', contentType: '', inject: {}, inputFields: [] }),
      ]),
    );
    expect(surface).toEqual({
      spec: { name: 'spec.yaml', sha256: 'abc' },
      presets: { core: ['read_thing'] },
      uncoveredOperations: ['GET /x'],
      tools: [
        {
          name: 'read_thing',
          toolset: 'projects',
          implementation: 'local',
          endpoint: 'none (local)',
          contentType: '',
          hints: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
          retry: true,
          injected: [],
          input: {},
          output: ['success', 'thing'],
          // echo -n 'Read a thing.' | sha256sum | cut -c1-12
          description: 'c31a8b4d8552',
        },
        {
          name: 'write_thing',
          toolset: 'projects',
          implementation: 'generated',
          endpoint: 'POST /things/read',
          contentType: 'application/json',
          hints: { readOnly: true, destructive: false, idempotent: true, openWorld: false },
          retry: true,
          realMoney: true,
          injected: ['agent'],
          input: { thingId: { type: 'integer', required: true }, name: { type: 'string', required: false } },
          localArguments: ['limit'],
          view: 'thing',
          waits: 'compile via read_thing',
          output: ['success', 'thing'],
          description: 'c31a8b4d8552',
        },
      ],
    });
    expect(renderSurface(model([]))).toBe('{\n  "spec": {\n    "name": "spec.yaml",\n    "sha256": "abc"\n  },\n  "tools": [],\n  "presets": {\n    "core": [\n      "read_thing"\n    ]\n  },\n  "uncoveredOperations": [\n    "GET /x"\n  ]\n}\n');
  });
});

describe('the surface diff', () => {
  const before = buildSurface(model([tool()]));
  const changed = (change: Partial<ToolModel>) => diffSurfaces(before, buildSurface(model([tool(change)]))).changed.flatMap((entry) => entry.what);

  it.each<[string, Partial<ToolModel>, string[]]>([
    ['toolset', { toolset: 'files' }, ['toolset: projects -> files']],
    ['implementation', { implementation: 'custom' }, ['implementation: generated -> custom']],
    ['endpoint', { path: '/things/get' }, ['endpoint: POST /things/read -> POST /things/get']],
    ['content type', { contentType: 'multipart/form-data' }, ['contentType: application/json -> multipart/form-data']],
    ['retry', { retry: false }, ['retry: true -> false']],
    ['real money', { realMoney: true }, ['realMoney: undefined -> true']],
    ['read-only', { annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true } }, ['readOnlyHint: true -> false', 'destructiveHint: false -> true', 'idempotentHint: true -> false', 'openWorldHint: false -> true']],
    ['description', { description: 'Other.' }, ['description changed']],
    ['output', { outputFields: ['errors', 'success', 'zeta'] }, ['output errors added', 'output zeta added', 'output thing removed']],
    ['input added', { inputFields: [...tool().inputFields, { name: 'a', type: 'boolean', required: true }, { name: 'b', type: 'string', required: false }] }, ['input a added (boolean, required)', 'input b added (string)']],
    ['input removed', { inputFields: [] }, ['input name removed', 'input thingId removed']],
    ['input changed', { inputFields: [{ name: 'thingId', type: 'string', required: false }, { name: 'name', type: 'string', required: true }] }, ['input name: string -> string required', 'input thingId: integer required -> string']],
    ['nothing', {}, []],
  ])('names a change of %s', (_name, change, what) => {
    expect(changed(change)).toEqual(what);
  });

  it('lists added, removed and changed tools with what changed', async () => {
    const before = buildSurface((await generate(fixtureInput('one-of-body'))).model);
    const after = structuredClone(before);
    after.tools = after.tools.filter((tool) => tool.name !== 'update_file_name');
    const contents = after.tools.find((tool) => tool.name === 'update_file_contents')!;
    contents.hints.destructive = false;
    contents.input.content = { type: 'string', required: false };
    after.tools.push({ ...contents, name: 'brand_new' });
    expect(formatSurfaceDiff(diffSurfaces(before, after)).split('\n')).toEqual([
      '+ brand_new',
      '- update_file_name',
      '~ update_file_contents: destructiveHint: true -> false; input content: string required -> string',
    ]);
  });

  it('lists added and removed tools; without a previous surface every tool is new', () => {
    const after = buildSurface(model([tool({ name: 'a_new' }), tool({ name: 'b_new' })]));
    expect(diffSurfaces(before, after)).toEqual({ added: ['a_new', 'b_new'], removed: ['read_thing'], changed: [] });
    expect(diffSurfaces(undefined, before)).toEqual({ added: ['read_thing'], removed: [], changed: [] });
    expect(formatSurfaceDiff({ added: [], removed: [], changed: [] })).toBe('No tool was added, removed or changed.');
    expect(formatSurfaceDiff({ added: ['x'], removed: [], changed: [] })).toBe('+ x');
    expect(formatSurfaceDiff({ added: [], removed: ['y'], changed: [] })).toBe('- y');
    expect(formatSurfaceDiff({ added: [], removed: [], changed: [{ name: 'z', what: ['a', 'b'] }] })).toBe('~ z: a; b');
  });

  it('reads a surface written before output fields were recorded', () => {
    const old = structuredClone(before) as unknown as { tools: { output?: string[] }[] };
    delete old.tools[0]!.output;
    expect(diffSurfaces(old as unknown as typeof before, before).changed).toEqual([{ name: 'read_thing', what: ['output success added', 'output thing added'] }]);
  });
});
