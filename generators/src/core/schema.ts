import { GenerationError, isObject, type Json, type JsonObject } from './types.js';

/** Follows a local `$ref` ('#/a/b'); throws a GenerationError naming the reference when it dangles. */
export function resolveRef(spec: JsonObject, ref: string, from = 'the spec'): JsonObject {
  if (!ref.startsWith('#/')) throw new GenerationError(`${from}: only local references are supported, got '${ref}'.`);
  let node: Json | undefined = spec;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = isObject(node) ? node[key] : undefined;
  }
  if (!isObject(node)) {
    throw new GenerationError(`${from}: '$ref: ${ref}' points at nothing. Fix the reference with an overlay action.`);
  }
  return node;
}

/** Every `$ref` in the document that points at nothing, with where it sits. */
export function findDanglingRefs(spec: JsonObject): string[] {
  const dangling: string[] = [];
  const walk = (node: Json, where: string): void => {
    if (Array.isArray(node)) node.forEach((item, index) => walk(item, `${where}/${index}`));
    else if (isObject(node)) {
      if (typeof node.$ref === 'string') {
        try {
          resolveRef(spec, node.$ref);
        } catch {
          dangling.push(`${where}: ${node.$ref}`);
        }
      }
      for (const [key, value] of Object.entries(node)) walk(value, `${where}/${key}`);
    }
  };
  walk(spec, '#');
  return dangling;
}

/**
 * Replaces every `$ref` with the schema it names, merges single-item `allOf` wrappers into their
 * siblings, and cuts cycles (a recursive reference becomes `{}`, which accepts anything).
 */
export function inlineSchema(spec: JsonObject, schema: Json, seen: readonly string[] = []): JsonObject {
  if (!isObject(schema)) return {};
  if (typeof schema.$ref === 'string') {
    const ref = schema.$ref;
    if (seen.includes(ref)) return {};
    const { $ref: _ignored, ...siblings } = schema;
    return { ...inlineSchema(spec, resolveRef(spec, ref), [...seen, ref]), ...inlineSiblings(spec, siblings, seen) };
  }
  if (Array.isArray(schema.allOf) && schema.allOf.length === 1) {
    const { allOf, ...siblings } = schema;
    return { ...inlineSchema(spec, allOf[0] ?? {}, seen), ...inlineSiblings(spec, siblings, seen) };
  }
  return inlineSiblings(spec, schema, seen);
}

function inlineSiblings(spec: JsonObject, schema: JsonObject, seen: readonly string[]): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, inlineSchema(spec, sub, seen)]));
    } else if ((key === 'items' || key === 'additionalProperties' || key === 'not') && isObject(value)) {
      out[key] = inlineSchema(spec, value, seen);
    } else if ((key === 'anyOf' || key === 'oneOf' || key === 'allOf') && Array.isArray(value)) {
      out[key] = value.map((sub) => inlineSchema(spec, sub, seen));
    } else {
      out[key] = value;
    }
  }
  return out;
}

const DROPPED_KEYWORDS = new Set(['xml', 'example', 'examples', 'externalDocs', 'discriminator', 'nullable', 'readOnly', 'writeOnly']);
const NON_STANDARD_FORMATS = new Set(['binary', 'byte', 'float', 'double', 'int32', 'int64', 'date-time']);

/** Turns an inlined OpenAPI 3.0 schema into a plain JSON Schema describing what a caller may send. */
export function toInputJsonSchema(schema: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(schema)) {
    if (DROPPED_KEYWORDS.has(key)) continue;
    if (key === 'format' && typeof value === 'string' && NON_STANDARD_FORMATS.has(value)) continue;
    if (key === 'properties' && isObject(value)) {
      out[key] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, toInputJsonSchema(sub as JsonObject)]));
    } else if ((key === 'items' || key === 'additionalProperties') && isObject(value)) {
      out[key] = toInputJsonSchema(value);
    } else if ((key === 'anyOf' || key === 'oneOf') && Array.isArray(value)) {
      out.anyOf = value.map((sub) => toInputJsonSchema(sub as JsonObject));
    } else if (key === 'allOf' && Array.isArray(value)) {
      out[key] = value.map((sub) => toInputJsonSchema(sub as JsonObject));
    } else {
      out[key] = value;
    }
  }
  return out;
}

function declaredType(schema: JsonObject): string | undefined {
  if (typeof schema.type === 'string') return schema.type;
  if (isObject(schema.properties) || isObject(schema.additionalProperties)) return 'object';
  if (isObject(schema.items)) return 'array';
  return undefined;
}

const bounds = (schema: JsonObject) =>
  `${typeof schema.minimum === 'number' ? `.min(${schema.minimum})` : ''}${typeof schema.maximum === 'number' ? `.max(${schema.maximum})` : ''}`;

/** Zod source text for an input JSON Schema node. */
export function zodSource(schema: JsonObject): string {
  if (Array.isArray(schema.enum) && schema.enum.length > 0) {
    if (schema.enum.every((value) => typeof value === 'string')) return `z.enum(${JSON.stringify(schema.enum)})`;
    const literals = schema.enum.map((value) => `z.literal(${JSON.stringify(value)})`);
    return literals.length === 1 ? (literals[0] as string) : `z.union([${literals.join(', ')}])`;
  }
  if (Array.isArray(schema.anyOf)) {
    const branches = schema.anyOf.map((branch) => zodSource(branch as JsonObject));
    return branches.length === 1 ? (branches[0] as string) : `z.union([${branches.join(', ')}])`;
  }
  if (Array.isArray(schema.allOf)) {
    const parts = schema.allOf.map((part) => zodSource(part as JsonObject));
    return parts.reduce((left, right) => `z.intersection(${left}, ${right})`);
  }
  switch (declaredType(schema)) {
    case 'string':
      return 'z.string()';
    case 'integer':
      return `z.number().int()${bounds(schema)}`;
    case 'number':
      return `z.number()${bounds(schema)}`;
    case 'boolean':
      return 'z.boolean()';
    case 'array':
      return `z.array(${isObject(schema.items) ? zodSource(schema.items) : 'z.unknown()'})`;
    case 'object':
      return objectZodSource(schema, 'z.looseObject');
    default:
      return 'z.unknown()';
  }
}

/** Zod source for an object; `factory` is z.strictObject for a tool's own arguments. */
export function objectZodSource(schema: JsonObject, factory: 'z.strictObject' | 'z.looseObject'): string {
  const properties = isObject(schema.properties) ? schema.properties : {};
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  const names = Object.keys(properties);
  if (names.length === 0 && factory === 'z.looseObject') {
    const values = isObject(schema.additionalProperties) ? zodSource(schema.additionalProperties) : 'z.unknown()';
    return `z.record(z.string(), ${values})`;
  }
  const fields = names.map((name) => {
    const field = zodSource(properties[name] as JsonObject);
    return `${JSON.stringify(name)}: ${required.has(name) ? field : `${field}.optional()`}`;
  });
  return `${factory}({${fields.length ? ` ${fields.join(', ')} ` : ''}})`;
}

/** An input property whose JSON Schema is larger than this is summarised (keeps tools/list small). */
export const INPUT_PROPERTY_BUDGET = 400;

/** Properties and required names of an object schema, including those of its allOf parts. */
function objectShape(schema: JsonObject): { properties: JsonObject; required: Set<Json> } {
  const parts = [schema, ...(Array.isArray(schema.allOf) ? (schema.allOf as JsonObject[]) : [])];
  const properties: JsonObject = {};
  const required = new Set<Json>();
  for (const part of parts) {
    if (isObject(part.properties)) Object.assign(properties, part.properties);
    if (Array.isArray(part.required)) for (const name of part.required) required.add(name);
  }
  return { properties, required };
}

function fieldList(schema: JsonObject): string {
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonObject[]).map(fieldList).join(' | ');
  const { properties, required } = objectShape(schema);
  return Object.keys(properties)
    .filter((name) => name !== 'id')
    .map((name) => (required.has(name) ? `${name}*` : name))
    .join(', ');
}

function variantName(schema: JsonObject, fallback: string): string {
  const { properties } = objectShape(Array.isArray(schema.anyOf) ? ((schema.anyOf[0] as JsonObject) ?? {}) : schema);
  const id = isObject(properties.id) ? properties.id : undefined;
  return Array.isArray(id?.enum) && typeof id.enum[0] === 'string' ? id.enum[0] : fallback;
}

function enumNote(schema: JsonObject): string {
  const { properties } = objectShape(schema);
  const notes = Object.entries(properties)
    // Short enums only: a long one (the optimization targets) is listed on its own property already.
    .filter(([, value]) => isObject(value) && Array.isArray(value.enum) && JSON.stringify(value.enum).length <= 100)
    .map(([name, value]) => `${name}: ${((value as JsonObject).enum as Json[]).map(String).join('|')}`);
  return notes.length ? ` (${notes.join('; ')})` : '';
}

function describeVariants(schema: JsonObject): string | undefined {
  if (schema.type === 'array' && isObject(schema.items) && (isObject(schema.items.properties) || Array.isArray(schema.items.allOf))) {
    return `A list of {${fieldList(schema.items)}}${enumNote(schema.items)}.`;
  }
  if (Array.isArray(schema.anyOf)) {
    const variants = (schema.anyOf as JsonObject[]).map((variant, index) => `${variantName(variant, `#${index + 1}`)} {${fieldList(variant)}}`);
    return `One of, by "id": ${variants.join('; ')}.`;
  }
  if (isObject(schema.properties)) {
    const entries = Object.entries(schema.properties).map(([key, value]) => {
      return `${key} {${fieldList(value as JsonObject)}}`;
    });
    return `Keys: ${entries.join('; ')}.`;
  }
  return undefined;
}

/**
 * Replaces each oversized input property (a union of twenty brokerage settings, say) with an object
 * whose description lists the variants and their fields (`*` = required). The tool's Zod schema
 * keeps the full shape, so the server still refuses a wrong variant before sending it.
 */
export function compactLargeProperties(schema: JsonObject, budget = INPUT_PROPERTY_BUDGET): JsonObject {
  if (!isObject(schema.properties)) return schema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties).map(([name, value]) => {
      const property = value as JsonObject;
      if (JSON.stringify(property).length <= budget) return [name, property];
      // An overlay may word the summary itself (x-mcp-summary) where the generated one repeats another field's.
      const summary = typeof property['x-mcp-summary'] === 'string' ? property['x-mcp-summary'] : describeVariants(property);
      const description = [property.description, summary, summary?.includes('*') ? '* = required.' : undefined].filter(Boolean).join(' ');
      return [name, { type: property.type === 'array' ? 'array' : 'object', description }];
    }),
  );
  return { ...schema, properties };
}
