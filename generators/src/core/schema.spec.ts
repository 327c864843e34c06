import { describe, expect, it } from 'vitest';
import { compactLargeProperties, findDanglingRefs, inlineSchema, objectZodSource, resolveRef, toInputJsonSchema, zodSource } from './schema.js';
import { GenerationError, type JsonObject } from './types.js';

/** Known answers, written out by hand: each schema below and the exact text or shape it must become. */
const spec: JsonObject = {
  components: {
    schemas: {
      Id: { type: 'integer', description: 'An id.' },
      'a/b': { type: 'string', description: 'slash in the name' },
      'c~d': { type: 'boolean' },
      Node: { type: 'object', properties: { name: { type: 'string' }, next: { $ref: '#/components/schemas/Node' } } },
      Wrapped: { allOf: [{ $ref: '#/components/schemas/Id' }], description: 'Wrapped id.' },
    },
  },
};

describe('resolveRef', () => {
  it('follows a local reference, unescaping ~1 and ~0 in each segment', () => {
    expect(resolveRef(spec, '#/components/schemas/Id')).toEqual({ type: 'integer', description: 'An id.' });
    expect(resolveRef(spec, '#/components/schemas/a~1b')).toEqual({ type: 'string', description: 'slash in the name' });
    expect(resolveRef(spec, '#/components/schemas/c~0d')).toEqual({ type: 'boolean' });
  });

  it('refuses a remote reference and a dangling one, naming where it sits and the reference', () => {
    expect(() => resolveRef(spec, 'other.yaml#/Id', '/paths/x')).toThrow(
      new GenerationError("/paths/x: only local references are supported, got 'other.yaml#/Id'."),
    );
    expect(() => resolveRef(spec, '#/components/schemas/Nope')).toThrow(
      new GenerationError("the spec: '$ref: #/components/schemas/Nope' points at nothing. Fix the reference with an overlay action."),
    );
    // A path through a non-object dangles too.
    expect(() => resolveRef(spec, '#/components/schemas/Id/type/x')).toThrow(GenerationError);
  });
});

describe('findDanglingRefs', () => {
  it('lists every dangling reference with its JSON Pointer, through objects and arrays', () => {
    const document: JsonObject = {
      ...spec,
      paths: {
        '/a': { post: { parameters: [{ $ref: '#/ok' }, { schema: { $ref: '#/components/schemas/Gone' } }] } },
        '/b': { post: { requestBody: { $ref: '#/components/schemas/Id' } } },
      },
      ok: { type: 'string' },
      list: [[{ $ref: '#/missing' }]],
    };
    expect(findDanglingRefs(document)).toEqual(['#/paths//a/post/parameters/1/schema: #/components/schemas/Gone', '#/list/0/0: #/missing']);
    expect(findDanglingRefs(spec)).toEqual([]);
  });
});

describe('inlineSchema', () => {
  it('replaces references, keeps their siblings, merges a one-item allOf and cuts cycles', () => {
    expect(inlineSchema(spec, { $ref: '#/components/schemas/Id', description: 'Mine.' })).toEqual({ type: 'integer', description: 'Mine.' });
    expect(inlineSchema(spec, { $ref: '#/components/schemas/Wrapped' })).toEqual({ type: 'integer', description: 'Wrapped id.' });
    expect(inlineSchema(spec, { $ref: '#/components/schemas/Node' })).toEqual({
      type: 'object',
      properties: { name: { type: 'string' }, next: {} },
    });
    expect(inlineSchema(spec, 'not a schema')).toEqual({});
  });

  it('inlines under properties, items, additionalProperties, not, anyOf, oneOf and a many-item allOf', () => {
    const id = { $ref: '#/components/schemas/c~0d' };
    const out = inlineSchema(spec, {
      properties: { a: id },
      items: id,
      additionalProperties: id,
      not: id,
      anyOf: [id],
      oneOf: [id, id],
      allOf: [id, id],
      enum: [id],
      example: id,
    });
    const bool = { type: 'boolean' };
    expect(out).toEqual({ properties: { a: bool }, items: bool, additionalProperties: bool, not: bool, anyOf: [bool], oneOf: [bool, bool], allOf: [bool, bool], enum: [id], example: id });
    // A keyword that holds no schema is left alone.
    expect(inlineSchema(spec, { properties: 'x', items: true, anyOf: id })).toEqual({ properties: 'x', items: true, anyOf: id });
  });
});

describe('toInputJsonSchema', () => {
  it('drops OpenAPI-only keywords and formats JSON Schema does not know, and turns oneOf into anyOf', () => {
    expect(
      toInputJsonSchema({
        type: 'object',
        nullable: true,
        example: 1,
        examples: [1],
        xml: {},
        externalDocs: {},
        discriminator: {},
        readOnly: true,
        writeOnly: false,
        properties: {
          when: { type: 'string', format: 'date-time', nullable: true },
          mail: { type: 'string', format: 'email' },
          size: { type: 'number', format: 'double' },
          list: { type: 'array', items: { type: 'integer', format: 'int64' } },
          map: { type: 'object', additionalProperties: { type: 'string', format: 'byte' } },
          either: { oneOf: [{ type: 'string', format: 'binary' }, { type: 'number', format: 'float' }] },
          any: { anyOf: [{ type: 'integer', format: 'int32' }] },
          both: { allOf: [{ type: 'string', example: 'x' }] },
        },
      }),
    ).toEqual({
      type: 'object',
      properties: {
        when: { type: 'string' },
        mail: { type: 'string', format: 'email' },
        size: { type: 'number' },
        list: { type: 'array', items: { type: 'integer' } },
        map: { type: 'object', additionalProperties: { type: 'string' } },
        either: { anyOf: [{ type: 'string' }, { type: 'number' }] },
        any: { anyOf: [{ type: 'integer' }] },
        both: { allOf: [{ type: 'string' }] },
      },
    });
    expect(toInputJsonSchema({ format: 7, items: 'x', allOf: 'y', oneOf: 'z' })).toEqual({ format: 7, items: 'x', allOf: 'y', oneOf: 'z' });
  });
});

describe('zodSource', () => {
  it.each<[string, JsonObject, string]>([
    ['string enum', { type: 'string', enum: ['a', 'b'] }, 'z.enum(["a","b"])'],
    ['one literal', { enum: [1] }, 'z.literal(1)'],
    ['mixed literals', { enum: [1, 'a', true] }, 'z.union([z.literal(1), z.literal("a"), z.literal(true)])'],
    ['empty enum is ignored', { type: 'boolean', enum: [] }, 'z.boolean()'],
    ['one-branch anyOf', { anyOf: [{ type: 'string' }] }, 'z.string()'],
    ['anyOf', { anyOf: [{ type: 'string' }, { type: 'boolean' }] }, 'z.union([z.string(), z.boolean()])'],
    ['allOf', { allOf: [{ type: 'string' }, { type: 'boolean' }, { type: 'number' }] }, 'z.intersection(z.intersection(z.string(), z.boolean()), z.number())'],
    ['integer with bounds', { type: 'integer', minimum: 0, maximum: 10 }, 'z.number().int().min(0).max(10)'],
    ['integer', { type: 'integer', minimum: '1' }, 'z.number().int()'],
    ['number with a maximum', { type: 'number', maximum: 2.5 }, 'z.number().max(2.5)'],
    ['number with a minimum', { type: 'number', minimum: -1 }, 'z.number().min(-1)'],
    ['array', { type: 'array', items: { type: 'string' } }, 'z.array(z.string())'],
    ['array by its items', { items: { type: 'integer' } }, 'z.array(z.number().int())'],
    ['array without items', { type: 'array' }, 'z.array(z.unknown())'],
    ['object by its properties', { properties: { a: { type: 'string' } }, required: ['a'] }, 'z.looseObject({ "a": z.string() })'],
    ['map', { additionalProperties: { type: 'boolean' } }, 'z.record(z.string(), z.boolean())'],
    ['free object', { type: 'object' }, 'z.record(z.string(), z.unknown())'],
    ['nothing declared', { description: 'x' }, 'z.unknown()'],
    ['unknown type', { type: 'null' }, 'z.unknown()'],
  ])('%s', (_name, schema, source) => {
    expect(zodSource(schema)).toBe(source);
  });

  it('a tool\'s own arguments are a strict object, optional unless required, empty when there are none', () => {
    const schema = { properties: { id: { type: 'integer' }, name: { type: 'string' } }, required: ['id'] };
    expect(objectZodSource(schema, 'z.strictObject')).toBe('z.strictObject({ "id": z.number().int(), "name": z.string().optional() })');
    expect(objectZodSource({}, 'z.strictObject')).toBe('z.strictObject({})');
    expect(objectZodSource({ properties: { a: { type: 'string' } }, required: 'a' }, 'z.looseObject')).toBe('z.looseObject({ "a": z.string().optional() })');
  });
});

describe('compactLargeProperties', () => {
  it('leaves a schema without properties and the properties within budget as they are', () => {
    const plain = { type: 'string' };
    expect(compactLargeProperties(plain, 1)).toBe(plain);
    const small = { type: 'object', properties: { a: { type: 'string' } } };
    expect(compactLargeProperties(small, 17)).toEqual(small);
    expect(compactLargeProperties(small, 16)).toEqual({ type: 'object', properties: { a: { type: 'object', description: '' } } });
  });

  it('names each variant by its id enum or its position, with required fields starred; `id` itself is not listed', () => {
    const brokerage: JsonObject = {
      description: 'Brokerage.',
      anyOf: [
        { allOf: [{ properties: { id: { enum: ['Alpha'] }, key: {} }, required: ['key'] }, { properties: { extra: {} } }] },
        { anyOf: [{ properties: { id: { enum: ['Beta'] }, token: {} } }, { properties: { other: {} } }] },
        { properties: { id: { enum: [3] }, plain: {} }, required: ['plain'] },
        { properties: { id: 'not a schema', last: {} } },
      ],
    };
    expect(compactLargeProperties({ properties: { brokerage } }, 10)).toEqual({
      properties: {
        brokerage: {
          type: 'object',
          description: 'Brokerage. One of, by "id": Alpha {key*, extra}; Beta {token | other}; #3 {plain*}; #4 {last}. * = required.',
        },
      },
    });
  });

  it('summarises a list by its items (with short enums) and a keyed object by its keys; without a star, no legend', () => {
    const list: JsonObject = {
      type: 'array',
      items: { allOf: [{ properties: { op: { enum: ['lt', 'gt'] }, long: { enum: ['x'.repeat(120)] }, id: {} } }] },
    };
    const keyed: JsonObject = { type: 'object', description: 'By name.', properties: { first: { properties: { a: {} } }, second: { properties: { b: {} }, required: ['b'] } } };
    const other: JsonObject = { type: 'array', items: { type: 'string', description: 'x'.repeat(50) } };
    expect(compactLargeProperties({ properties: { list, keyed, other } }, 20)).toEqual({
      properties: {
        list: { type: 'array', description: 'A list of {op, long} (op: lt|gt).' },
        keyed: { type: 'object', description: 'By name. Keys: first {a}; second {b*}. * = required.' },
        other: { type: 'array', description: '' },
      },
    });
  });

  it('prefers an overlay\'s own summary (x-mcp-summary)', () => {
    const property: JsonObject = { description: 'Settings.', 'x-mcp-summary': 'Same fields as `brokerage`.', anyOf: [{ properties: { a: {} } }] };
    expect(compactLargeProperties({ properties: { settings: property } }, 10)).toEqual({
      properties: { settings: { type: 'object', description: 'Settings. Same fields as `brokerage`.' } },
    });
  });
});
