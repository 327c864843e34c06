import { readFileSync } from 'node:fs';
import { allTools } from '@qc-mcp/mcp-tools';
import fc from 'fast-check';
import nock from 'nock';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, textOf } from '../testing/harness.js';

/** Every tool of the committed surface (hand-written ones included). */
const TOOL_COUNT = (JSON.parse(readFileSync(new URL('../../../../openapi/mcp-surface.json', import.meta.url), 'utf8')) as { tools: unknown[] }).tools.length;

const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  nock.disableNetConnect();
  process.on('unhandledRejection', onUnhandled);
});
afterAll(() => {
  process.off('unhandledRejection', onUnhandled);
  nock.cleanAll();
});

/** Any JSON value except the type the field wants (and nulls, which mean "not given"). */
const wrongValue = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true }), fc.boolean(), fc.array(fc.jsonValue(), { maxLength: 3 }), fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }));

describe('fuzzing tool arguments', () => {
  it('wrong types for every field of every tool give an isError result naming a field, never a crash', async () => {
    const { mcp, close } = await connect();
    for (const { definition } of allTools) {
      const fields = Object.keys((definition.inputJsonSchema.properties ?? {}) as object);
      if (fields.length === 0) continue;
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...fields), wrongValue, async (field, value) => {
          const property = (definition.inputJsonSchema.properties as Record<string, { type?: string; enum?: unknown[] }>)[field];
          const fitsType =
            (property?.type === 'string' && typeof value === 'string' && !property.enum) ||
            (property?.type === 'number' && typeof value === 'number') ||
            (property?.type === 'integer' && Number.isInteger(value)) ||
            (property?.type === 'boolean' && typeof value === 'boolean') ||
            (property?.type === 'array' && Array.isArray(value)) ||
            (property?.type === 'object' && typeof value === 'object' && !Array.isArray(value)) ||
            property?.type === undefined;
          fc.pre(!fitsType);
          const result = await mcp.callTool({ name: definition.name, arguments: { [field]: value } });
          expect(result.isError).toBe(true);
          expect(textOf(result)).toMatch(new RegExp(`Invalid arguments for ${definition.name}:[^]*- ${field.replace(/[-.]/g, '\\$&')}: `));
        }),
        { seed: 20261122, numRuns: 12 },
      );
    }
    // Still answering afterwards.
    expect((await mcp.listTools()).tools).toHaveLength(TOOL_COUNT);
    await close();
    expect(unhandled).toEqual([]);
  }, 120_000);

  it('arguments of any shape never crash the server', async () => {
    const { mcp, close } = await connect();
    const names = allTools.map((tool) => tool.definition.name);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...names), fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 6 }), async (name, args) => {
        const result = await mcp.callTool({ name, arguments: args });
        // Either the arguments were refused, or the (unreachable) network was: an isError result either way, or data.
        expect(Array.isArray(result.content)).toBe(true);
        if (result.isError) expect(textOf(result).length).toBeGreaterThan(10);
      }),
      { seed: 7, numRuns: 300 },
    );
    expect((await mcp.listTools()).tools).toHaveLength(TOOL_COUNT);
    await close();
    expect(unhandled).toEqual([]);
  }, 120_000);
});
