import { readFileSync } from 'node:fs';
import type { Context } from 'aws-lambda';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { handler } from './handler.js';
import type { HttpEvent } from './http-event.js';

/** Every tool of the committed surface, less the live-trading writes (off by default on Lambda). */
const TOOL_COUNT =
  (JSON.parse(readFileSync(new URL('../../../openapi/mcp-surface.json', import.meta.url), 'utf8')) as { tools: { realMoney?: boolean }[] }).tools.filter(
    (tool) => !tool.realMoney,
  ).length;

const context = { awsRequestId: 'fuzz', functionName: 'quantconnect-mcp' } as Context;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);
beforeAll(() => {
  process.on('unhandledRejection', onUnhandled);
  // Powertools writes one JSON line per log entry; keep the test output readable.
  vi.spyOn(console, 'info').mockImplementation(() => undefined);
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  vi.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(() => process.off('unhandledRejection', onUnhandled));

const body = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.record({ jsonrpc: fc.constant('2.0'), id: fc.integer(), method: fc.constantFrom('tools/list', 'tools/call', 'initialize', 'nope'), params: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: ['jsonrpc'] }).map((value) => JSON.stringify(value)),
);

const event = fc.record({
  v2: fc.boolean(),
  method: fc.constantFrom('POST', 'POST', 'POST', 'GET', 'DELETE', 'OPTIONS', 'PUT', 'post'),
  body: fc.option(body, { nil: null }),
  base64: fc.boolean(),
});

function toEvent({ v2, method, body: text, base64 }: { v2: boolean; method: string; body: string | null; base64: boolean }): HttpEvent {
  const encoded = text !== null && base64 ? Buffer.from(text).toString('base64') : text;
  const headers = { 'content-type': 'application/json' };
  if (v2) {
    return { version: '2.0', rawPath: '/mcp', headers, body: encoded ?? undefined, isBase64Encoded: base64, requestContext: { http: { method, path: '/mcp' } } } as unknown as HttpEvent;
  }
  return { httpMethod: method, path: '/mcp', headers, body: encoded, isBase64Encoded: base64, requestContext: {} } as unknown as HttpEvent;
}

describe('fuzzing the Lambda handler', () => {
  it('answers every event with a known status and, where there is a body, well-formed JSON', async () => {
    await fc.assert(
      fc.asyncProperty(event, async (input) => {
        const result = await handler(toEvent(input), context);
        expect([200, 202, 204, 400, 405, 406, 415]).toContain(result.statusCode);
        if (result.body) {
          const parsed = JSON.parse(result.body) as unknown;
          for (const message of Array.isArray(parsed) ? parsed : [parsed]) expect(message).toMatchObject({ jsonrpc: '2.0' });
        }
      }),
      { seed: 1337, numRuns: 300 },
    );
  }, 120_000);

  it('never throws on an event of any shape: null, {}, missing methods, odd headers', async () => {
    const header = fc.string({ maxLength: 20, unit: 'binary' });
    const anyEvent = fc.oneof(
      fc.anything(),
      fc.record({ httpMethod: fc.oneof(fc.constant('POST'), fc.anything()), headers: fc.dictionary(header, fc.oneof(header, fc.anything())), body: fc.anything(), isBase64Encoded: fc.anything() }, { requiredKeys: [] }),
    );
    await fc.assert(
      fc.asyncProperty(anyEvent, async (input) => {
        const result = await handler(input as HttpEvent, context);
        expect([200, 202, 204, 400, 405, 406, 415, 500]).toContain(result.statusCode);
      }),
      { seed: 4242, numRuns: 300 },
    );
  }, 120_000);

  it('still answers afterwards, with no unhandled rejection', async () => {
    const result = await handler(toEvent({ v2: false, method: 'POST', base64: false, body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }) }), context);
    expect(result.statusCode).toBe(200);
    expect(JSON.parse(result.body).result.tools).toHaveLength(TOOL_COUNT);
    expect(unhandled).toEqual([]);
  });
});
