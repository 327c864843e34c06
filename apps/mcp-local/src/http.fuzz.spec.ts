import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { connect as tcpConnect } from 'node:net';
import type { Server } from 'node:http';
import { startFakeQuantConnect, TEST_API_TOKEN, TEST_USER_ID } from '@qc-mcp/api-client/testing';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEADERS_TIMEOUT_MS, MAX_BODY_BYTES, startHttp } from './http.js';

/** Every tool of the committed surface (hand-written ones included). */
const TOOL_COUNT = (JSON.parse(readFileSync(new URL('../../../openapi/mcp-surface.json', import.meta.url), 'utf8')) as { tools: unknown[] }).tools.length;

let server: Server;
let url: string;
const unhandled: unknown[] = [];
const onUnhandled = (reason: unknown) => unhandled.push(reason);

beforeAll(async () => {
  process.on('unhandledRejection', onUnhandled);
  server = (await startHttp({ host: '127.0.0.1', port: 0, serverOptions: { version: '0.0.0', baseUrl: 'http://127.0.0.1:9/api/v2' } })).server;
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
  expect([200, 202, 400, 403, 406, 413, 415]).toContain(status);
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

describe('the local HTTP edge', () => {
  it('refuses a JSON-RPC batch before any tool runs', async () => {
    const fake = await startFakeQuantConnect({ '/projects/read': { projects: [], success: true } });
    const running = await startHttp({ host: '127.0.0.1', port: 0, serverOptions: { version: '0', userId: TEST_USER_ID, apiToken: TEST_API_TOKEN, baseUrl: fake.baseUrl } });
    try {
      const batch = Array.from({ length: 100 }, (_, id) => ({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'read_project', arguments: { projectId: 1 } } }));
      const response = await fetch(`http://127.0.0.1:${(running.server.address() as AddressInfo).port}/mcp`, { method: 'POST', body: JSON.stringify(batch), headers: HEADERS });
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: { code: number } }).error.code).toBe(-32600);
      expect(fake.requests).toHaveLength(0);
    } finally {
      await running.drain(100);
      await fake.close();
    }
  });

  it('drain cuts a call still running at its deadline with a 503 that says it may have taken effect, and counts it', async () => {
    const fake = await startFakeQuantConnect({ '/projects/update': (_request, res) => void setTimeout(() => res.end('{"success":true}'), 2_000) });
    const running = await startHttp({ host: '127.0.0.1', port: 0, serverOptions: { version: '0', userId: TEST_USER_ID, apiToken: TEST_API_TOKEN, baseUrl: fake.baseUrl } });
    const call = fetch(`http://127.0.0.1:${(running.server.address() as AddressInfo).port}/mcp`, {
      method: 'POST',
      headers: HEADERS,
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'update_project', arguments: { projectId: 1, name: 'n' } } }),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await running.drain(100)).toBe(1);
    const response = await call;
    expect(response.status).toBe(503);
    expect(((await response.json()) as { error: { message: string } }).error.message).toMatch(/shut down before this call finished; a write may still have taken effect/);
    await fake.close();
  });

  it('checks the Host header against DNS rebinding', async () => {
    const port = (server.address() as AddressInfo).port;
    const answer = (host: string) =>
      new Promise<string>((resolve) => {
        const socket = tcpConnect(port, '127.0.0.1', () => socket.end(`POST /mcp HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`));
        let text = '';
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve(text.split('\r\n')[0] ?? ''));
      });
    expect(await answer('evil.example:8000')).toBe('HTTP/1.1 403 Forbidden');
    expect(await answer(`localhost:${port}`)).not.toContain('403');
    expect(await answer(`127.0.0.1:${port}`)).not.toContain('403');
  });

  it('drops a client that never finishes its headers, and one that never finishes its body', async () => {
    expect(server.headersTimeout).toBe(HEADERS_TIMEOUT_MS);
    const running = await startHttp({ host: '127.0.0.1', port: 0, serverOptions: { version: '0' }, headersTimeoutMs: 300, requestTimeoutMs: 600 });
    const port = (running.server.address() as AddressInfo).port;
    const heldFor = (start: string) =>
      new Promise<{ ms: number; text: string }>((resolve) => {
        const started = performance.now();
        let text = '';
        const socket = tcpConnect(port, '127.0.0.1', () => socket.write(start));
        socket.on('data', (chunk) => (text += chunk.toString()));
        socket.on('close', () => resolve({ ms: performance.now() - started, text }));
        socket.on('error', () => undefined);
        setTimeout(() => socket.destroy(), 5_000).unref();
      });
    try {
      const slowHeaders = await heldFor('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\n');
      expect(slowHeaders.ms).toBeLessThan(3_000);
      expect(slowHeaders.text).toMatch(/^HTTP\/1\.1 408/);
      const slowBody = await heldFor('POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{');
      expect(slowBody.ms).toBeLessThan(3_000);
    } finally {
      await running.drain(100);
    }
  });

  it('answers 150,000 unknown argument names quickly, with a short error', async () => {
    const args = Object.fromEntries(Array.from({ length: 150_000 }, (_, index) => [`k${index}`, 1]));
    const started = performance.now();
    const { status, text } = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 'read_project', arguments: args } }));
    expect(status).toBe(200);
    const result = (JSON.parse(text) as { result: { isError: boolean; content: { text: string }[] } }).result;
    expect(result.isError).toBe(true);
    expect(result.content[0]?.text).toBe('Invalid arguments for read_project: 150000 arguments given; it takes at most 1. See its input schema.');
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
