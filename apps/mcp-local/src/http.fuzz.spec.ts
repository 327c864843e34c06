import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_BODY_BYTES, startHttp } from './http.js';

/** The committed surface's tools plus the two local ones (the version tools). */
const TOOL_COUNT = (JSON.parse(readFileSync(new URL('../../../openapi/mcp-surface.json', import.meta.url), 'utf8')) as { tools: unknown[] }).tools.length + 2;

let server: Server;
let url: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = await startHttp({ host: '127.0.0.1', port: 0, serverOptions: { version: '0.0.0', baseUrl: 'http://127.0.0.1:9/api/v2' } });
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/mcp`;
});
afterAll(async () => {
  process.off('unhandledRejection', onUnhandled);
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const HEADERS = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };

async function post(body: string) {
  const response = await fetch(url, { method: 'POST', body, headers: HEADERS });
  const text = await response.text();
  return { status: response.status, text };
}

/** A response is well-formed: a known status, and a JSON-RPC message (or none, for 202). */
function expectWellFormed({ status, text }: { status: number; text: string }) {
  expect([200, 202, 400, 406, 413, 415]).toContain(status);
  if (status === 202) return;
  const body = JSON.parse(text) as unknown;
  for (const message of Array.isArray(body) ? body : [body]) {
    expect(message).toMatchObject({ jsonrpc: '2.0' });
    expect('result' in (message as object) || 'error' in (message as object)).toBe(true);
  }
}

const rpcShapes = fc.oneof(
  fc.jsonValue({ maxDepth: 4 }),
  fc.record({ jsonrpc: fc.oneof(fc.constant('2.0'), fc.string()), id: fc.oneof(fc.integer(), fc.string(), fc.constant(null)), method: fc.oneof(fc.string(), fc.constantFrom('tools/list', 'tools/call', 'initialize', 'ping')), params: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] }),
  fc.record({ jsonrpc: fc.constant('2.0'), id: fc.integer(), method: fc.constant('tools/call'), params: fc.record({ name: fc.oneof(fc.string(), fc.constantFrom('read_project', 'create_backtest', 'patch_file')), arguments: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] }) }),
  fc.array(fc.record({ jsonrpc: fc.constant('2.0'), id: fc.integer(), method: fc.constantFrom('tools/list', 'ping', 'nope') }), { maxLength: 4 }),
);

describe('fuzzing the HTTP endpoint', () => {
  it('malformed JSON and wrong JSON-RPC shapes always get a well-formed answer', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.string({ maxLength: 200 }), rpcShapes.map((value) => JSON.stringify(value))), async (body) => {
        expectWellFormed(await post(body));
      }),
      { seed: 424242, numRuns: 250 },
    );
  }, 120_000);

  it('deeply nested and huge bodies are refused cleanly', async () => {
    const deep = (depth: number) => `${'['.repeat(depth)}${']'.repeat(depth)}`;
    expectWellFormed(await post(deep(100_000)));
    expectWellFormed(await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: JSON.parse(deep(2_000)) })));
    const huge = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(MAX_BODY_BYTES) } }));
    expect(huge.status).toBe(413);
    expectWellFormed(huge);
  }, 60_000);

  it('still answers afterwards, with no unhandled rejection', async () => {
    const { status, text } = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' }));
    expect(status).toBe(200);
    expect((JSON.parse(text) as { result: { tools: unknown[] } }).result.tools).toHaveLength(TOOL_COUNT);
    expect(unhandled).toEqual([]);
  });
});
