import { describe, expect, it } from 'vitest';
import { buildModel } from './model.js';
import { GenerationError, type JsonObject } from './types.js';

/** Metadata or operation keys to change; `undefined` leaves a key out. */
type Change = Record<string, unknown>;

/** A patched spec with one operation, POST /things/read, and the given x-mcp tools; written out by hand. */
const readTool = (change: Change = {}): JsonObject => ({
  name: 'read_thing',
  title: 'Read a thing',
  toolset: 'projects',
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: true,
  retry: true,
  ...(change as JsonObject),
});

const body: JsonObject = {
  type: 'object',
  required: ['thingId'],
  properties: {
    thingId: { type: 'integer', format: 'int64' },
    name: { type: 'string', nullable: true },
    tags: { type: 'array', items: { type: 'string' } },
    kind: { enum: ['a', 'b'] },
    either: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'integer' } }] },
    shape: { properties: { x: { type: 'number' } } },
    free: {},
    agent: { type: 'string' },
  },
};

function specWith(tools: JsonObject[], operation: Change = {}, root: Change = {}): JsonObject {
  return {
    components: { schemas: { Body: body, Answer: { allOf: [{ properties: { thing: {}, success: {} } }, { properties: { errors: {} } }] } } },
    paths: {
      '/things/read': {
        post: {
          operationId: 'readThing',
          summary: 'Read a thing. ',
          description: ' Read a thing.',
          requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Body' } } } },
          responses: { '200': { content: { 'application/json': { schema: { $ref: '#/components/schemas/Answer' } } } } },
          'x-mcp': { tools },
          ...(operation as JsonObject),
        },
      },
    },
    ...(root as JsonObject),
  };
}

const build = (spec: JsonObject) => buildModel(spec, 'sha', 'spec.yaml');
const failure = (spec: JsonObject) => {
  try {
    build(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(GenerationError);
    return (error as Error).message;
  }
  throw new Error('expected a GenerationError');
};

describe('buildModel', () => {
  it('builds a tool from its metadata, body and answer', () => {
    const model = build(specWith([readTool()]));
    expect(model).toMatchObject({ specSha256: 'sha', specName: 'spec.yaml', presets: {}, uncoveredOperations: [] });
    expect(model.tools).toHaveLength(1);
    const [tool] = model.tools;
    expect(tool).toMatchObject({
      name: 'read_thing',
      title: 'Read a thing',
      description: 'Read a thing.',
      toolset: 'projects',
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
      implementation: 'generated',
      retry: true,
      operationId: 'readThing',
      path: '/things/read',
      contentType: 'application/json',
      inject: {},
      hasBody: true,
      bodyType: "NonNullable<ReadThingData['body']>",
      outputFields: ['errors', 'success', 'thing'],
      localArguments: [],
    });
    expect(tool).not.toHaveProperty('verify');
    expect(tool).not.toHaveProperty('realMoney');
    expect(tool).not.toHaveProperty('pending');
    expect(tool).not.toHaveProperty('view');
    expect(tool).not.toHaveProperty('wait');
    expect(tool?.inputFields).toEqual([
      { name: 'thingId', type: 'integer', required: true },
      { name: 'name', type: 'string', required: false },
      { name: 'tags', type: 'array<string>', required: false },
      { name: 'kind', type: 'enum("a"|"b")', required: false },
      { name: 'either', type: 'string|array<integer>', required: false },
      { name: 'shape', type: 'object', required: false },
      { name: 'free', type: 'any', required: false },
      { name: 'agent', type: 'string', required: false },
    ]);
    expect(tool?.inputJsonSchema).toEqual({
      type: 'object',
      required: ['thingId'],
      properties: {
        thingId: { type: 'integer' },
        name: { type: 'string' },
        tags: { type: 'array', items: { type: 'string' } },
        kind: { enum: ['a', 'b'] },
        either: { anyOf: [{ type: 'string' }, { type: 'array', items: { type: 'integer' } }] },
        shape: { properties: { x: { type: 'number' } } },
        free: {},
        agent: { type: 'string' },
      },
    });
    expect(tool?.inputZod).toBe(
      'z.strictObject({ "thingId": z.number().int(), "name": z.string().optional(), "tags": z.array(z.string()).optional(), ' +
        '"kind": z.enum(["a","b"]).optional(), "either": z.union([z.string(), z.array(z.number().int())]).optional(), ' +
        '"shape": z.looseObject({ "x": z.number().optional() }).optional(), "free": z.unknown().optional(), "agent": z.string().optional() })',
    );
  });

  it('narrows the body to `fields`, injects configuration, adds local arguments and requires what the tool says', () => {
    const [tool] = build(
      specWith([
        readTool({
          fields: ['thingId', 'name'],
          required: ['name'],
          inject: { agent: 'agentName' },
          arguments: { limit: { type: 'integer', minimum: 1 } },
          description: '  Mine.  ',
          verify: 'read_thing',
          view: { name: 'thing' },
          wait: { job: 'thing', poll: 'read_thing', defaultSeconds: 0, maxSeconds: 0 },
        }),
      ]),
    ).tools;
    expect(tool).toMatchObject({
      description: 'Mine.',
      inject: { agent: 'agentName' },
      localArguments: ['limit'],
      verify: 'read_thing',
      view: { name: 'thing' },
      wait: { job: 'thing', poll: 'read_thing', defaultSeconds: 0, maxSeconds: 0 },
    });
    expect(tool?.inputFields).toEqual([
      { name: 'thingId', type: 'integer', required: true },
      { name: 'name', type: 'string', required: true },
      { name: 'limit', type: 'integer', required: false },
    ]);
    expect(tool?.inputZod).toBe('z.strictObject({ "thingId": z.number().int(), "name": z.string(), "limit": z.number().int().min(1).optional() })');
  });

  it('a tool without required fields lists no `required`; an operation without a body sends none', () => {
    const noBody = specWith([readTool()], { requestBody: undefined, responses: undefined });
    delete (noBody.paths as Record<string, { post: JsonObject }>)['/things/read']!.post.requestBody;
    const [tool] = build(noBody).tools;
    expect(tool).toMatchObject({ hasBody: false, inputFields: [], inputJsonSchema: { type: 'object', properties: {} }, outputFields: [], inputZod: 'z.strictObject({})' });
    expect(tool?.bodyType).toBeUndefined();
    const refBody = specWith([readTool()], {
      requestBody: { $ref: '#/components/requestBodies/Form' },
      responses: { '201': { $ref: '#/components/responses/Made' } },
    });
    Object.assign(refBody.components as JsonObject, {
      requestBodies: { Form: { content: { 'multipart/form-data': { schema: { properties: { file: { type: 'string' } } } } } } },
      responses: { Made: { content: { 'application/json': { schema: { properties: { id: {} } } } } } },
    });
    expect(build(refBody).tools[0]).toMatchObject({ contentType: 'multipart/form-data', outputFields: ['id'], inputFields: [{ name: 'file', type: 'string', required: false }] });
    const typeOnly = specWith([readTool()], { requestBody: { content: { 'text/plain': {} } }, responses: { '200': { content: { 'text/plain': { schema: {} } } } } });
    expect(build(typeOnly).tools[0]).toMatchObject({ contentType: 'text/plain', hasBody: false, outputFields: [] });
    expect(build(specWith([readTool()], { requestBody: { content: {} } })).tools[0]).toMatchObject({ contentType: 'application/json', hasBody: false });
  });

  it('marks "still loading" operations and names their rule', () => {
    const [tool] = build(specWith([readTool()], { 'x-mcp-pending': { property: 'progress', message: 'loading' } })).tools;
    expect(tool).toMatchObject({ pending: { property: 'progress', message: 'loading' }, description: 'Read a thing. May answer "still preparing": call again.' });
    expect(failure(specWith([readTool()], { 'x-mcp-pending': { property: 'progress' } }))).toBe("POST /things/read: x-mcp-pending needs a 'property' and a 'message'.");
    expect(failure(specWith([readTool()], { 'x-mcp-pending': 'progress' }))).toBe("POST /things/read: x-mcp-pending needs a 'property' and a 'message'.");
  });

  it('reports operations without x-mcp, skips hidden ones and parts of another tool, and takes only the five HTTP methods', () => {
    const spec = specWith([readTool()]);
    const paths = spec.paths as Record<string, JsonObject>;
    paths['/things/list'] = { post: { operationId: 'listThings' }, get: { operationId: 'x' }, parameters: [] };
    paths['/things/hidden'] = { post: { operationId: 'hide', 'x-mcp': { hidden: true } } };
    paths['/things/part'] = { post: { operationId: 'part', 'x-mcp': { partOf: 'read_thing' } } };
    paths['/things/odd'] = 'not an item' as unknown as JsonObject;
    paths['/things/options'] = { options: { operationId: 'o' }, put: { operationId: 'p' }, delete: { operationId: 'd' }, patch: { operationId: 'q' } };
    expect(build(spec).uncoveredOperations).toEqual(['GET /things/list', 'POST /things/list', 'PUT /things/options', 'DELETE /things/options', 'PATCH /things/options']);
    expect(build({}).tools).toEqual([]);
  });

  it.each<[string, Change, string]>([
    ['no tools', { 'x-mcp': { tools: [] } }, "POST /things/read: x-mcp must list 'tools', or say 'hidden: true' or 'partOf: <tool>'."],
    ['tools not a list', { 'x-mcp': { tools: 'read_thing' } }, "POST /things/read: x-mcp must list 'tools', or say 'hidden: true' or 'partOf: <tool>'."],
    ['hidden not true', { 'x-mcp': { hidden: 'yes', tools: [] } }, "POST /things/read: x-mcp must list 'tools', or say 'hidden: true' or 'partOf: <tool>'."],
    ['no operationId', { operationId: undefined }, 'POST /things/read: has tools but no operationId; add one in openapi/overlays/10-operation-ids.yaml.'],
  ])('an operation with %s is refused', (_name, operation, message) => {
    expect(failure(specWith([readTool()], operation))).toBe(message);
  });

  it('a tool on a GET operation is refused: QuantConnect takes POST only', () => {
    const spec = specWith([readTool()]);
    const paths = spec.paths as Record<string, JsonObject>;
    paths['/things/read'] = { get: paths['/things/read']!.post as JsonObject };
    expect(failure(spec)).toBe("GET /things/read: QuantConnect's API is called with POST only; this operation's tools cannot call it.");
  });

  const w = 'POST /things/read: tool read_thing';
  it.each<[string, Change | string, string]>([
    ['not an object', 'read_thing', 'POST /things/read: each x-mcp tool must be an object.'],
    ['a name with capitals', { name: 'Read' }, 'POST /things/read: invalid tool name "Read". Tool names are snake_case: a lowercase letter, then lowercase letters, digits or \'_\', at most 64 characters.'],
    ['a name of 65 characters', { name: `a${'b'.repeat(64)}` }, `POST /things/read: invalid tool name "a${'b'.repeat(64)}". Tool names are snake_case: a lowercase letter, then lowercase letters, digits or '_', at most 64 characters.`],
    ['a number for a name', { name: 7 }, 'POST /things/read: invalid tool name 7. Tool names are snake_case: a lowercase letter, then lowercase letters, digits or \'_\', at most 64 characters.'],
    ['an empty title', { title: '' }, `${w} needs a title.`],
    ['no title', { title: undefined }, `${w} needs a title.`],
    ['an unknown toolset', { toolset: 'trading' }, `${w} has toolset "trading"; use one of account, projects, files, compile, backtests, optimizations, live, object-store, meta, ai.`],
    ['no toolset', { toolset: undefined }, `${w} has toolset undefined; use one of account, projects, files, compile, backtests, optimizations, live, object-store, meta, ai.`],
    ['a string hint', { readOnlyHint: 'true' }, `${w} must set readOnlyHint to true or false (every tool sets all four hints).`],
    ['no destructiveHint', { destructiveHint: undefined }, `${w} must set destructiveHint to true or false (every tool sets all four hints).`],
    ['no idempotentHint', { idempotentHint: undefined }, `${w} must set idempotentHint to true or false (every tool sets all four hints).`],
    ['no openWorldHint', { openWorldHint: undefined }, `${w} must set openWorldHint to true or false (every tool sets all four hints).`],
    ['no retry', { retry: undefined }, `${w} must set retry to true (a failed call may be sent again) or false (sent exactly once).`],
    ['retrying a non-idempotent call', { idempotentHint: false }, `${w} may not retry: only idempotent, non-destructive calls may be sent twice, and no live-trading write ever is (creates, deletes and live writes are sent exactly once).`],
    ['retrying a destructive call', { destructiveHint: true }, `${w} may not retry: only idempotent, non-destructive calls may be sent twice, and no live-trading write ever is (creates, deletes and live writes are sent exactly once).`],
    ['retrying a live write', { toolset: 'live', readOnlyHint: false }, `${w} may not retry: only idempotent, non-destructive calls may be sent twice, and no live-trading write ever is (creates, deletes and live writes are sent exactly once).`],
    ['realMoney on a live read', { toolset: 'live', realMoney: true }, `${w}: realMoney: true marks a live-trading write (toolset live, readOnlyHint false); leave it out otherwise.`],
    ['realMoney false', { toolset: 'live', readOnlyHint: false, retry: false, realMoney: false }, `${w}: realMoney: true marks a live-trading write (toolset live, readOnlyHint false); leave it out otherwise.`],
    ['realMoney off live', { readOnlyHint: false, retry: false, realMoney: true }, `${w}: realMoney: true marks a live-trading write (toolset live, readOnlyHint false); leave it out otherwise.`],
    ['a verify that is not a name', { verify: true }, `${w}: verify names the read tool that checks whether a write took effect.`],
    ['unknown keys', { retries: 1, hint: 2 }, `${w} has unknown x-mcp key(s) retries, hint; known keys: name, title, toolset, readOnlyHint, destructiveHint, idempotentHint, openWorldHint, retry, verify, realMoney, description, body, fields, required, inject, implementation, arguments, view, wait.`],
    ['arguments as a list', { arguments: ['limit'] }, `${w}: 'arguments' maps each local argument name to its JSON Schema.`],
    ['an argument without a schema', { arguments: { limit: { type: 'integer' }, offset: 'integer' } }, `${w}: 'arguments' maps each local argument name to its JSON Schema.`],
    ['a view without a name', { view: { points: 5 } }, `${w}: 'view' needs a 'name' (the hand-written view that shapes the answer).`],
    ['a view as a string', { view: 'thing' }, `${w}: 'view' needs a 'name' (the hand-written view that shapes the answer).`],
    ['a wait without job', { wait: { poll: 'read_thing', defaultSeconds: 1, maxSeconds: 2 } }, `${w}: 'wait' needs 'job', 'poll' (a tool name) and 'defaultSeconds' <= 'maxSeconds'.`],
    ['a wait without poll', { wait: { job: 'x', defaultSeconds: 1, maxSeconds: 2 } }, `${w}: 'wait' needs 'job', 'poll' (a tool name) and 'defaultSeconds' <= 'maxSeconds'.`],
    ['a wait with a text default', { wait: { job: 'x', poll: 'read_thing', defaultSeconds: '1', maxSeconds: 2 } }, `${w}: 'wait' needs 'job', 'poll' (a tool name) and 'defaultSeconds' <= 'maxSeconds'.`],
    ['a wait without a maximum', { wait: { job: 'x', poll: 'read_thing', defaultSeconds: 1 } }, `${w}: 'wait' needs 'job', 'poll' (a tool name) and 'defaultSeconds' <= 'maxSeconds'.`],
    ['a negative wait', { wait: { job: 'x', poll: 'read_thing', defaultSeconds: -1, maxSeconds: 2 } }, `${w}: 'wait' needs 'job', 'poll' (a tool name) and 'defaultSeconds' <= 'maxSeconds'.`],
    ['a wait as a number', { wait: 5 }, `${w}: 'wait' needs 'job', 'poll' (a tool name) and 'defaultSeconds' <= 'maxSeconds'.`],
    ['an unknown implementation', { implementation: 'manual' }, `${w}: implementation is generated, custom or local, got "manual".`],
    ['a local implementation on an operation', { implementation: 'local' }, 'POST /things/read: tool read_thing calls this operation, so it cannot be local; declare local tools in x-mcp-local-tools.'],
    ['an unknown inject source', { inject: { agent: 'agentName', name: 'userId' } }, `${w} injects name from "userId"; the sources are: agentName.`],
    ['inject as a string', { inject: 'agentName' }, `${w} injects inject from "agentName"; the sources are: agentName.`],
    ['a field the body does not have', { fields: ['thingId', 'nope'] }, "POST /things/read: tool read_thing names field 'nope', which the request body does not have."],
    ['an injected field the body does not have', { inject: { nope: 'agentName' } }, "POST /things/read: tool read_thing names field 'nope', which the request body does not have."],
    ['a local argument that shadows the body', { arguments: { name: { type: 'string' } } }, "POST /things/read: tool read_thing's local argument 'name' clashes with a request body field."],
    ['a body on a body without oneOf', { body: '#/components/schemas/Body' }, 'POST /things/read: tool read_thing picks body #/components/schemas/Body, which is not a branch of the request body\'s oneOf.'],
  ])('a tool with %s is refused, saying what to fix', (_name, change, message) => {
    expect(failure(specWith([typeof change === 'string' ? (change as unknown as JsonObject) : readTool(change)]))).toBe(message);
  });

  it('accepts each valid edge: a 64-character name, a one-letter name, equal wait bounds, each implementation, realMoney on a live write', () => {
    for (const name of [`a${'b'.repeat(63)}`, 'a', 'a_1']) expect(build(specWith([readTool({ name })])).tools[0]?.name).toBe(name);
    for (const implementation of ['generated', 'custom']) expect(build(specWith([readTool({ implementation })])).tools[0]?.implementation).toBe(implementation);
    const live = build(specWith([readTool({ toolset: 'live', readOnlyHint: false, retry: false, realMoney: true })])).tools[0];
    expect(live).toMatchObject({ realMoney: true, retry: false });
    // A live read may retry; a non-destructive idempotent write may too.
    expect(build(specWith([readTool({ toolset: 'live' })])).tools[0]?.retry).toBe(true);
    expect(build(specWith([readTool({ readOnlyHint: false })])).tools[0]?.retry).toBe(true);
  });

  it('a duplicate name is refused, naming both places', () => {
    expect(failure(specWith([readTool(), readTool()]))).toBe("Duplicate tool name 'read_thing': used by POST /things/read and POST /things/read.");
  });

  it('a wait or a verify must name a tool', () => {
    expect(failure(specWith([readTool({ wait: { job: 'x', poll: 'read_other', defaultSeconds: 1, maxSeconds: 1 } })]))).toBe(
      "Tool read_thing waits by polling 'read_other', which is not a tool.",
    );
    expect(failure(specWith([readTool({ verify: 'read_other' })]))).toBe("Tool read_thing is verified with 'read_other', which is not a tool.");
  });

  describe('a oneOf body', () => {
    const oneOf = (tools: JsonObject[]) => {
      const spec = specWith(tools, { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Either' } } } } });
      Object.assign((spec.components as { schemas: JsonObject }).schemas, {
        Either: { oneOf: [{ $ref: '#/components/schemas/Body' }, { $ref: '#/components/schemas/Other' }] },
        Other: { type: 'object', properties: { otherId: { type: 'string' } } },
      });
      return spec;
    };
    it('gives each tool the branch it names', () => {
      const tools = build(oneOf([readTool({ body: '#/components/schemas/Other' }), readTool({ name: 'read_body', body: '#/components/schemas/Body', fields: ['thingId'] })])).tools;
      expect(tools.map((tool) => tool.inputFields)).toEqual([[{ name: 'otherId', type: 'string', required: false }], [{ name: 'thingId', type: 'integer', required: true }]]);
    });
    it('refuses a tool without a branch, and a branch that is not one', () => {
      expect(failure(oneOf([readTool()]))).toBe("POST /things/read: the request body is a oneOf; give tool read_thing a 'body' naming the branch it sends (one tool per branch).");
      expect(failure(oneOf([readTool({ body: '#/components/schemas/Answer' })]))).toBe(
        "POST /things/read: tool read_thing picks body #/components/schemas/Answer, which is not a branch of the request body's oneOf.",
      );
    });
  });

  describe('local tools (x-mcp-local-tools)', () => {
    const local = (change: Change = {}) => readTool({ name: 'read_version', toolset: 'meta', implementation: 'local', description: ' The version. ', arguments: { check: { type: 'boolean' } }, ...change });
    it('are listed after the operations\' tools, with their own arguments', () => {
      const tools = build(specWith([readTool()], {}, { 'x-mcp-local-tools': [local()] })).tools;
      expect(tools.map((tool) => tool.name)).toEqual(['read_thing', 'read_version']);
      expect(tools[1]).toMatchObject({
        implementation: 'local',
        description: 'The version.',
        operationId: '',
        path: '',
        hasBody: false,
        outputFields: [],
        localArguments: ['check'],
        inputFields: [{ name: 'check', type: 'boolean', required: false }],
        inputZod: 'z.strictObject({ "check": z.boolean().optional() })',
      });
      expect(build(specWith([], { 'x-mcp': { hidden: true } }, { 'x-mcp-local-tools': [local({ description: undefined })] })).tools[0]?.description).toBe('');
    });
    it.each<[string, JsonObject, string]>([
      ['not a list', { 'x-mcp-local-tools': { read_version: {} } }, 'x-mcp-local-tools must be a list of tools.'],
      ['a generated implementation', { 'x-mcp-local-tools': [local({ implementation: 'generated' })] }, 'x-mcp-local-tools: tool read_version must say implementation: local.'],
      ['a name an operation uses', { 'x-mcp-local-tools': [local({ name: 'read_thing' })] }, "Duplicate tool name 'read_thing': used by POST /things/read and x-mcp-local-tools."],
      ['an invalid entry', { 'x-mcp-local-tools': [local({ title: '' })] }, 'x-mcp-local-tools: tool read_version needs a title.'],
    ])('%s is refused', (_name, root, message) => {
      expect(failure(specWith([readTool()], {}, root))).toBe(message);
    });
  });

  describe('presets (x-mcp-presets)', () => {
    it('name tools by preset', () => {
      expect(build(specWith([readTool()], {}, { 'x-mcp-presets': { core: ['read_thing'], none: [] } })).presets).toEqual({ core: ['read_thing'], none: [] });
    });
    it.each<[string, JsonObject | string, string]>([
      ['a list', ['read_thing'] as unknown as JsonObject, 'x-mcp-presets maps each preset name to a list of tool names.'],
      ['a capitalised name', { Core: ['read_thing'] }, "x-mcp-presets: 'Core' must be a lowercase name that is not also a toolset."],
      ['a toolset\'s name', { live: ['read_thing'] }, "x-mcp-presets: 'live' must be a lowercase name that is not also a toolset."],
      ['a string of tools', { core: 'read_thing' }, 'x-mcp-presets.core must be a list of tool names.'],
      ['a list with a number', { core: ['read_thing', 3] }, 'x-mcp-presets.core must be a list of tool names.'],
      ['unknown tools', { core: ['read_thing', 'read_a', 'read_b'] }, 'x-mcp-presets.core names tools that do not exist: read_a, read_b.'],
    ])('%s is refused', (_name, presets, message) => {
      expect(failure(specWith([readTool()], {}, { 'x-mcp-presets': presets }))).toBe(message);
    });
  });
});
