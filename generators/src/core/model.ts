import { compactLargeProperties, inlineSchema, objectZodSource, resolveRef, toInputJsonSchema, toToolOutputSchema } from './schema.js';
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
/** Output schemas describe the top-level fields only; nested values are typed leniently (keeps tools/list small). */
export const OUTPUT_SCHEMA_DEPTH = 1;

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
  return raw as unknown as ToolMeta;
}

function pendingRule(raw: Json | undefined, where: string): PendingRule | undefined {
  if (raw === undefined) return undefined;
  if (!isObject(raw) || typeof raw.property !== 'string' || typeof raw.message !== 'string') {
    throw new GenerationError(`${where}: x-mcp-pending needs a 'property' and a 'message'.`);
  }
  return raw as unknown as PendingRule;
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

function buildInput(body: JsonObject | undefined, meta: ToolMeta, where: string) {
  const json: JsonObject = body ? compactLargeProperties(toInputJsonSchema(body)) : { type: "object", properties: {} };
  const allProperties = isObject(json.properties) ? json.properties : {};
  const injected = new Set(Object.keys(meta.inject ?? {}));
  for (const name of [...injected, ...(meta.fields ?? [])]) {
    if (!(name in allProperties)) throw new GenerationError(`${where}: tool ${meta.name} names field '${name}', which the request body does not have.`);
  }
  const keep = Object.keys(allProperties).filter(
    (name) => !injected.has(name) && (meta.fields === undefined || meta.fields.includes(name)),
  );
  const required = (Array.isArray(json.required) ? (json.required as string[]) : []).filter((name) => keep.includes(name));
  const properties = Object.fromEntries(keep.map((name) => [name, allProperties[name] as Json]));
  const schema: JsonObject = { type: 'object', properties };
  if (required.length > 0) schema.required = required;
  schema.additionalProperties = false;
  const fields: InputField[] = keep.map((name) => ({
    name,
    type: fieldType(properties[name] as JsonObject),
    required: required.includes(name),
  }));
  return { schema, fields, zod: objectZodSource(schema, 'z.strictObject') };
}

function describe(op: Operation, meta: ToolMeta, pending: PendingRule | undefined): string {
  if (meta.description) return meta.description.trim();
  const parts = [op.node.summary, op.node.description].filter((text): text is string => typeof text === 'string' && text.trim() !== '');
  const text = [...new Set(parts.map((part) => part.trim()))].join(' ');
  return pending ? `${text} May answer that the result is still being prepared; then call again.` : text;
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
    const outputJsonSchema = toToolOutputSchema(output ? inlineSchema(spec, output) : undefined, OUTPUT_SCHEMA_DEPTH);
    for (const raw of xmcp.tools) {
      const meta = validateMeta(raw, where);
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
          title: meta.title,
          readOnlyHint: meta.readOnlyHint,
          destructiveHint: meta.destructiveHint,
          idempotentHint: meta.idempotentHint,
          openWorldHint: meta.openWorldHint,
        },
        implementation: meta.implementation ?? 'generated',
        operationId,
        path: op.path,
        contentType: requestMedia(spec, op).contentType,
        inject: meta.inject ?? {},
        inputFields: input.fields,
        inputJsonSchema: input.schema,
        outputJsonSchema,
        inputZod: input.zod,
        ...(pending ? { pending } : {}),
      });
    }
  }
  return { specSha256, specName, tools, uncoveredOperations: uncovered };
}
