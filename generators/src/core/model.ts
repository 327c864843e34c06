import { compactLargeProperties, inlineSchema, objectZodSource, resolveRef, toInputJsonSchema } from './schema.js';
import {
  GenerationError,
  isObject,
  type ApiModel,
  type InputField,
  type Json,
  type JsonObject,
  type PendingRule,
  type ToolMeta,
  type ToolModel,
  type ToolView,
  type ToolWait,
} from './types.js';

/** The toolsets a tool may belong to; `--toolsets` selects among these. */
export const TOOLSETS = [
  'account',
  'projects',
  'files',
  'compile',
  'backtests',
  'optimizations',
  'live',
  'object-store',
  'meta',
  'ai',
] as const;

const TOOL_NAME = /^[a-z][a-z0-9_]{0,63}$/;
const HINTS = ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const;
/** Configuration values a tool may put into a request body (never the caller's). */
const INJECT_SOURCES: readonly string[] = ['agentName'];
const META_KEYS = new Set([
  'name', 'title', 'toolset', ...HINTS, 'retry', 'verify', 'realMoney',
  'description', 'body', 'fields', 'required', 'inject', 'implementation', 'arguments', 'view', 'wait',
]);

interface Operation {
  readonly method: string;
  readonly path: string;
  readonly node: JsonObject;
}

function operations(spec: JsonObject): Operation[] {
  const paths = isObject(spec.paths) ? spec.paths : {};
  const found: Operation[] = [];
  for (const [path, item] of Object.entries(paths)) {
    if (!isObject(item)) continue;
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const node = item[method];
      if (isObject(node)) found.push({ method: method.toUpperCase(), path, node });
    }
  }
  return found;
}

function requestMedia(spec: JsonObject, op: Operation): { contentType: string; schema?: JsonObject } {
  let body = op.node.requestBody;
  if (isObject(body) && typeof body.$ref === 'string') body = resolveRef(spec, body.$ref, `${op.path} requestBody`);
  if (!isObject(body) || !isObject(body.content)) return { contentType: 'application/json' };
  const [contentType, media] = Object.entries(body.content)[0] ?? [];
  if (!contentType || !isObject(media) || !isObject(media.schema)) return { contentType: contentType ?? 'application/json' };
  return { contentType, schema: media.schema };
}

function successSchema(spec: JsonObject, op: Operation): JsonObject | undefined {
  const responses = isObject(op.node.responses) ? op.node.responses : {};
  let response = responses['200'] ?? responses['201'];
  if (isObject(response) && typeof response.$ref === 'string') response = resolveRef(spec, response.$ref, `${op.path} response`);
  if (!isObject(response) || !isObject(response.content)) return undefined;
  const media = response.content['application/json'];
  return isObject(media) && isObject(media.schema) ? media.schema : undefined;
}

function validateMeta(raw: Json, where: string): ToolMeta {
  if (!isObject(raw)) throw new GenerationError(`${where}: each x-mcp tool must be an object.`);
  const name = raw.name;
  if (typeof name !== 'string' || !TOOL_NAME.test(name)) {
    throw new GenerationError(
      `${where}: invalid tool name ${JSON.stringify(name)}. Tool names are snake_case: a lowercase letter, then lowercase letters, digits or '_', at most 64 characters.`,
    );
  }
  if (typeof raw.title !== 'string' || raw.title === '') throw new GenerationError(`${where}: tool ${name} needs a title.`);
  if (typeof raw.toolset !== 'string' || !(TOOLSETS as readonly string[]).includes(raw.toolset)) {
    throw new GenerationError(`${where}: tool ${name} has toolset ${JSON.stringify(raw.toolset)}; use one of ${TOOLSETS.join(', ')}.`);
  }
  for (const hint of HINTS) {
    if (typeof raw[hint] !== 'boolean') {
      throw new GenerationError(`${where}: tool ${name} must set ${hint} to true or false (every tool sets all four hints).`);
    }
  }
  if (typeof raw.retry !== 'boolean') {
    throw new GenerationError(`${where}: tool ${name} must set retry to true (a failed call may be sent again) or false (sent exactly once).`);
  }
  const writesLive = raw.toolset === 'live' && raw.readOnlyHint === false;
  if (raw.retry && (!raw.idempotentHint || raw.destructiveHint || writesLive)) {
    throw new GenerationError(
      `${where}: tool ${name} may not retry: only idempotent, non-destructive calls may be sent twice, and no live-trading write ever is (creates, deletes and live writes are sent exactly once).`,
    );
  }
  if (raw.realMoney !== undefined && (raw.realMoney !== true || !writesLive)) {
    throw new GenerationError(`${where}: tool ${name}: realMoney: true marks a live-trading write (toolset live, readOnlyHint false); leave it out otherwise.`);
  }
  if (raw.verify !== undefined && typeof raw.verify !== 'string') throw new GenerationError(`${where}: tool ${name}: verify names the read tool that checks whether a write took effect.`);
  const unknown = Object.keys(raw).filter((key) => !META_KEYS.has(key));
  if (unknown.length > 0) {
    throw new GenerationError(`${where}: tool ${name} has unknown x-mcp key(s) ${unknown.join(', ')}; known keys: ${[...META_KEYS].join(', ')}.`);
  }
  if (raw.arguments !== undefined && (!isObject(raw.arguments) || !Object.values(raw.arguments).every(isObject))) {
    throw new GenerationError(`${where}: tool ${name}: 'arguments' maps each local argument name to its JSON Schema.`);
  }
  if (raw.view !== undefined && !(isObject(raw.view) && typeof raw.view.name === 'string')) {
    throw new GenerationError(`${where}: tool ${name}: 'view' needs a 'name' (the hand-written view that shapes the answer).`);
  }
  if (raw.wait !== undefined) validateWait(raw.wait, `${where}: tool ${name}`);
  if (raw.implementation !== undefined && !['generated', 'custom', 'local'].includes(raw.implementation as string)) {
    throw new GenerationError(`${where}: tool ${name}: implementation is generated, custom or local, got ${JSON.stringify(raw.implementation)}.`);
  }
  if (raw.inject !== undefined) {
    const bad = isObject(raw.inject) ? Object.entries(raw.inject).filter(([, source]) => !INJECT_SOURCES.includes(source as string)) : [['inject', raw.inject]];
    if (bad.length > 0) {
      throw new GenerationError(`${where}: tool ${name} injects ${bad.map(([field, source]) => `${field} from ${JSON.stringify(source)}`).join(', ')}; the sources are: ${INJECT_SOURCES.join(', ')}.`);
    }
  }
  return raw as unknown as ToolMeta;
}

function validateWait(raw: Json, where: string): asserts raw is ToolWait & JsonObject {
  const ok =
    isObject(raw) &&
    typeof raw.job === 'string' &&
    typeof raw.poll === 'string' &&
    typeof raw.defaultSeconds === 'number' &&
    typeof raw.maxSeconds === 'number' &&
    raw.defaultSeconds >= 0 &&
    raw.defaultSeconds <= raw.maxSeconds;
  if (!ok) throw new GenerationError(`${where}: 'wait' needs 'job', 'poll' (a tool name) and 'defaultSeconds' <= 'maxSeconds'.`);
}

function pendingRule(raw: Json | undefined, where: string): PendingRule | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw) || typeof raw.property !== 'string' || typeof raw.message !== 'string') {
    throw new GenerationError(`${where}: x-mcp-pending needs a 'property' and a 'message'.`);
  }
  return raw as unknown as PendingRule;
}

const pascalCase = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);

/**
 * The TypeScript type (generated by hey-api) of the request body of a tool's operation, which the
 * generated tool checks its arguments against at compile time (for a oneOf body, a union that the
 * tool must fit one branch of); undefined when the operation takes no body.
 */
function bodyTypeOf(spec: JsonObject, op: Operation, operationId: string): string | undefined {
  return requestMedia(spec, op).schema ? `NonNullable<${pascalCase(operationId)}Data['body']>` : undefined;
}

function pickBodySchema(spec: JsonObject, op: Operation, meta: ToolMeta, where: string): JsonObject | undefined {
  const { schema } = requestMedia(spec, op);
  if (!schema) return undefined;
  const inlined = inlineSchema(spec, schema);
  const branches = [inlined.oneOf, inlined.anyOf].find(Array.isArray) as Json[] | undefined;
  if (meta.body !== undefined) {
    const raw = isObject(schema) && typeof schema.$ref === 'string' ? resolveRef(spec, schema.$ref, where) : schema;
    const refs = [raw.oneOf, raw.anyOf].find(Array.isArray) as Json[] | undefined;
    const match = refs?.find((branch) => isObject(branch) && branch.$ref === meta.body);
    if (!match) throw new GenerationError(`${where}: tool ${meta.name} picks body ${meta.body}, which is not a branch of the request body's oneOf.`);
    return inlineSchema(spec, match);
  }
  if (branches) {
    throw new GenerationError(
      `${where}: the request body is a oneOf; give tool ${meta.name} a 'body' naming the branch it sends (one tool per branch).`,
    );
  }
  return inlined;
}

function fieldType(schema: JsonObject): string {
  if (Array.isArray(schema.enum)) return `enum(${schema.enum.map((value) => JSON.stringify(value)).join('|')})`;
  if (Array.isArray(schema.anyOf)) return schema.anyOf.map((branch) => fieldType(branch as JsonObject)).join('|');
  if (typeof schema.type === 'string') {
    if (schema.type === 'array' && isObject(schema.items)) return `array<${fieldType(schema.items)}>`;
    return schema.type;
  }
  if (isObject(schema.properties)) return 'object';
  return 'any';
}

/**
 * A tool's flat input: the body fields it exposes plus its local arguments. The listing summarises
 * oversized fields; the Zod schema keeps the spec's full shape, so a wrong argument is refused
 * before anything is sent.
 */
function buildInput(body: JsonObject | undefined, meta: ToolMeta, where: string) {
  const full: JsonObject = body ? toInputJsonSchema(body) : { type: 'object', properties: {} };
  const fullProperties = isObject(full.properties) ? full.properties : {};
  const injected = new Set(Object.keys(meta.inject ?? {}));
  for (const name of [...injected, ...(meta.fields ?? []), ...(meta.required ?? [])]) {
    if (!(name in fullProperties)) throw new GenerationError(`${where}: tool ${meta.name} names field '${name}', which the request body does not have.`);
  }
  const local = meta.arguments ?? {};
  for (const name of Object.keys(local)) {
    if (name in fullProperties) throw new GenerationError(`${where}: tool ${meta.name}'s local argument '${name}' clashes with a request body field.`);
  }
  const keep = Object.keys(fullProperties).filter((name) => !injected.has(name) && (meta.fields === undefined || meta.fields.includes(name)));
  // A tool may require what the shared operation leaves optional (read_project needs the projectId list_projects omits).
  const required = [...new Set([...(Array.isArray(full.required) ? (full.required as string[]) : []), ...(meta.required ?? [])])].filter((name) => keep.includes(name));
  const objectOf = (properties: JsonObject): JsonObject => ({ type: 'object', properties, ...(required.length > 0 ? { required } : {}) });
  const pick = (from: JsonObject): JsonObject => ({ ...Object.fromEntries(keep.map((name) => [name, from[name] as Json])), ...local });
  // The listing leaves out `additionalProperties: false` (29 bytes a tool): the server refuses unknown arguments by name anyway.
  const listed = compactLargeProperties(objectOf(pick(fullProperties)));
  // The surface records the full shape's types, whatever the listing summarises.
  const shapes = pick(fullProperties);
  const fields: InputField[] = Object.keys(shapes).map((name) => ({
    name,
    type: fieldType(shapes[name] as JsonObject),
    required: required.includes(name),
  }));
  return { schema: listed, fields, zod: objectZodSource(objectOf(pick(fullProperties)), 'z.strictObject'), local: Object.keys(local) };
}

/** Tools that call no operation, declared at the spec root (`x-mcp-local-tools`); their handlers are hand-written. */
function localTools(spec: JsonObject, seen: Map<string, string>): ToolModel[] {
  const raw = spec['x-mcp-local-tools'];
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new GenerationError('x-mcp-local-tools must be a list of tools.');
  return raw.map((entry) => {
    const meta = validateMeta(entry, 'x-mcp-local-tools');
    if (meta.implementation !== 'local') throw new GenerationError(`x-mcp-local-tools: tool ${meta.name} must say implementation: local.`);
    const previous = seen.get(meta.name);
    if (previous) throw new GenerationError(`Duplicate tool name '${meta.name}': used by ${previous} and x-mcp-local-tools.`);
    seen.set(meta.name, 'x-mcp-local-tools');
    const input = buildInput(undefined, meta, 'x-mcp-local-tools');
    return {
      name: meta.name,
      title: meta.title,
      description: (meta.description ?? '').trim(),
      toolset: meta.toolset,
      annotations: { readOnlyHint: meta.readOnlyHint, destructiveHint: meta.destructiveHint, idempotentHint: meta.idempotentHint, openWorldHint: meta.openWorldHint },
      implementation: 'local',
      retry: meta.retry,
      operationId: '',
      path: '',
      contentType: '',
      inject: {},
      inputFields: input.fields,
      inputJsonSchema: input.schema,
      hasBody: false,
      outputFields: [],
      inputZod: input.zod,
      localArguments: input.local,
    } satisfies ToolModel;
  });
}

function topLevelFields(schema: JsonObject | undefined): string[] {
  if (!schema) return [];
  const parts = [schema, ...(Array.isArray(schema.allOf) ? (schema.allOf as JsonObject[]) : [])];
  return [...new Set(parts.flatMap((part) => (isObject(part.properties) ? Object.keys(part.properties) : [])))].sort();
}

function presets(spec: JsonObject, names: ReadonlySet<string>): Record<string, string[]> {
  const raw = spec['x-mcp-presets'];
  if (raw === undefined) return {};
  if (!isObject(raw)) throw new GenerationError(`x-mcp-presets maps each preset name to a list of tool names.`);
  const out: Record<string, string[]> = {};
  for (const [preset, list] of Object.entries(raw)) {
    if (!TOOL_NAME.test(preset) || (TOOLSETS as readonly string[]).includes(preset)) {
      throw new GenerationError(`x-mcp-presets: '${preset}' must be a lowercase name that is not also a toolset.`);
    }
    if (!Array.isArray(list) || !list.every((name) => typeof name === 'string')) {
      throw new GenerationError(`x-mcp-presets.${preset} must be a list of tool names.`);
    }
    const unknown = (list as string[]).filter((name) => !names.has(name));
    if (unknown.length > 0) throw new GenerationError(`x-mcp-presets.${preset} names tools that do not exist: ${unknown.join(', ')}.`);
    out[preset] = list as string[];
  }
  return out;
}

function describe(op: Operation, meta: ToolMeta, pending: PendingRule | undefined): string {
  if (meta.description) return meta.description.trim();
  const parts = [op.node.summary, op.node.description].filter((text): text is string => typeof text === 'string' && text.trim() !== '');
  const text = [...new Set(parts.map((part) => part.trim()))].join(' ');
  return pending ? `${text} May answer "still preparing": call again.` : text;
}

/** Builds the tool model from a patched spec: one entry per x-mcp tool, checked for consistency. */
export function buildModel(spec: JsonObject, specSha256: string, specName: string): ApiModel {
  const tools: ToolModel[] = [];
  const uncovered: string[] = [];
  const seen = new Map<string, string>();
  for (const op of operations(spec)) {
    const where = `${op.method} ${op.path}`;
    const xmcp = op.node['x-mcp'];
    if (!isObject(xmcp)) {
      uncovered.push(where);
      continue;
    }
    if (xmcp.hidden === true || typeof xmcp.partOf === 'string') continue;
    if (!Array.isArray(xmcp.tools) || xmcp.tools.length === 0) {
      throw new GenerationError(`${where}: x-mcp must list 'tools', or say 'hidden: true' or 'partOf: <tool>'.`);
    }
    const operationId = typeof op.node.operationId === 'string' ? op.node.operationId : undefined;
    if (!operationId) throw new GenerationError(`${where}: has tools but no operationId; add one in openapi/overlays/10-operation-ids.yaml.`);
    const pending = pendingRule(op.node['x-mcp-pending'], where);
    const output = successSchema(spec, op);
    const outputFields = topLevelFields(output ? inlineSchema(spec, output) : undefined);
    if (op.method !== 'POST') throw new GenerationError(`${where}: QuantConnect's API is called with POST only; this operation's tools cannot call it.`);
    for (const raw of xmcp.tools) {
      const meta = validateMeta(raw, where);
      if (meta.implementation === 'local') throw new GenerationError(`${where}: tool ${meta.name} calls this operation, so it cannot be local; declare local tools in x-mcp-local-tools.`);
      const previous = seen.get(meta.name);
      if (previous) throw new GenerationError(`Duplicate tool name '${meta.name}': used by ${previous} and ${where}.`);
      seen.set(meta.name, where);
      const input = buildInput(pickBodySchema(spec, op, meta, where), meta, where);
      tools.push({
        name: meta.name,
        title: meta.title,
        description: describe(op, meta, pending),
        toolset: meta.toolset,
        annotations: {
          readOnlyHint: meta.readOnlyHint,
          destructiveHint: meta.destructiveHint,
          idempotentHint: meta.idempotentHint,
          openWorldHint: meta.openWorldHint,
        },
        implementation: meta.implementation ?? 'generated',
        retry: meta.retry,
        ...(meta.verify ? { verify: meta.verify } : {}),
        ...(meta.realMoney ? { realMoney: true } : {}),
        operationId,
        path: op.path,
        contentType: requestMedia(spec, op).contentType,
        inject: meta.inject ?? {},
        inputFields: input.fields,
        inputJsonSchema: input.schema,
        hasBody: requestMedia(spec, op).schema !== undefined,
        bodyType: bodyTypeOf(spec, op, operationId),
        outputFields,
        inputZod: input.zod,
        localArguments: input.local,
        ...(pending ? { pending } : {}),
        ...(meta.view ? { view: meta.view as ToolView } : {}),
        ...(meta.wait ? { wait: meta.wait } : {}),
      });
    }
  }
  tools.push(...localTools(spec, seen));
  const names = new Set(tools.map((tool) => tool.name));
  for (const tool of tools) {
    if (tool.wait && !names.has(tool.wait.poll)) {
      throw new GenerationError(`Tool ${tool.name} waits by polling '${tool.wait.poll}', which is not a tool.`);
    }
    if (tool.verify && !names.has(tool.verify)) throw new GenerationError(`Tool ${tool.name} is verified with '${tool.verify}', which is not a tool.`);
  }
  return { specSha256, specName, tools, presets: presets(spec, names), uncoveredOperations: uncovered };
}
