import { readFileSync } from 'node:fs';
import { createClient } from '@qc-mcp/api-client';
import { FIXED_NOW_MS, TEST_API_TOKEN, TEST_USER_ID } from '@qc-mcp/api-client/testing';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { QC_BASE, qcApi } from '../testing/harness.js';
import { answerJsonRpc, jsonRpcError, sharedResult, stringifyJsonRpc, type JsonRpcHeaders } from './json-rpc.js';
import { createServer } from './server.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** Tools listed by default: every tool of the committed surface less the live-trading writes. */
const surface = JSON.parse(readFileSync(new URL('../../../../openapi/mcp-surface.json', import.meta.url), 'utf8')) as { tools: { realMoney?: boolean }[] };

const HTTP: JsonRpcHeaders = { accept: 'application/json, text/event-stream', 'content-type': 'application/json' };
const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } };

async function answer(message: unknown, headers: JsonRpcHeaders = HTTP, checkMediaTypes = true) {
  const client = createClient({ userId: TEST_USER_ID, apiToken: TEST_API_TOKEN, baseUrl: QC_BASE, now: () => FIXED_NOW_MS, random: () => 0.5, sleep: async () => undefined });
  const server = createServer({ apiToken: TEST_API_TOKEN, baseUrl: QC_BASE, version: '1.2.3', liveTrading: 'off', client, canAskUser: false });
  try {
    return await answerJsonRpc(server, message, headers, checkMediaTypes);
  } finally {
    await server.close();
  }
}

describe('answerJsonRpc', () => {
  it('answers initialize with the negotiated version and this server', async () => {
    const { status, body } = await answer(initialize);
    expect(status).toBe(200);
    expect(body).toMatchObject({ jsonrpc: '2.0', id: 1, result: { protocolVersion: '2025-06-18', serverInfo: { name: 'quantconnect-mcp', version: '1.2.3' } } });
  });

  it('answers tools/list and tools/call without a prior initialize (stateless)', async () => {
    const list = await answer({ jsonrpc: '2.0', id: 'a', method: 'tools/list' }, { ...HTTP, 'mcp-protocol-version': '2025-06-18' });
    expect(list.status).toBe(200);
    expect((list.body as { id: string; result: { tools: unknown[] } }).id).toBe('a');
    expect((list.body as { result: { tools: unknown[] } }).result.tools).toHaveLength(surface.tools.filter((tool) => !tool.realMoney).length);
    qcApi().post('/api/v2/projects/read', { projectId: 7 }).reply(200, { projects: [{ projectId: 7, name: 'Alpha' }], success: true });
    const call = await answer({ jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'read_project', arguments: { projectId: 7 } } });
    expect(call.status).toBe(200);
    expect((call.body as { result: { structuredContent: unknown } }).result.structuredContent).toMatchObject({ projects: [{ projectId: 7, name: 'Alpha' }] });
  });

  it('accepts a notification with 202 and no body', async () => {
    expect(await answer({ jsonrpc: '2.0', method: 'notifications/initialized' })).toEqual({ status: 202 });
  });

  it('answers an unknown method with a JSON-RPC error, status 200', async () => {
    expect(await answer({ jsonrpc: '2.0', id: 3, method: 'nope/nothing' })).toEqual({
      status: 200,
      body: { jsonrpc: '2.0', id: 3, error: { code: -32601, message: 'Method not found' } },
    });
  });

  it.each<[string, unknown, JsonRpcHeaders, number, ReturnType<typeof jsonRpcError>]>([
    ['no Accept', initialize, { 'content-type': 'application/json' }, 406, jsonRpcError(-32000, 'Not Acceptable: Client must accept both application/json and text/event-stream')],
    ['Accept without event streams', initialize, { ...HTTP, accept: 'application/json' }, 406, jsonRpcError(-32000, 'Not Acceptable: Client must accept both application/json and text/event-stream')],
    ['Accept without JSON', initialize, { ...HTTP, accept: 'text/event-stream' }, 406, jsonRpcError(-32000, 'Not Acceptable: Client must accept both application/json and text/event-stream')],
    ['a text body', initialize, { ...HTTP, 'content-type': 'text/plain' }, 415, jsonRpcError(-32000, 'Unsupported Media Type: Content-Type must be application/json')],
    ['no Content-Type', initialize, { accept: HTTP.accept }, 415, jsonRpcError(-32000, 'Unsupported Media Type: Content-Type must be application/json')],
    ['a message that is not JSON-RPC', { id: 1, method: 'tools/list' }, HTTP, 400, jsonRpcError(-32700, 'Parse error: Invalid JSON-RPC message')],
    [
      'an unsupported protocol version',
      { jsonrpc: '2.0', id: 1, method: 'tools/list' },
      { ...HTTP, 'mcp-protocol-version': '1999-01-01' },
      400,
      jsonRpcError(-32000, 'Bad Request: Unsupported protocol version: 1999-01-01 (supported versions: 2025-11-25, 2025-06-18, 2025-03-26, 2024-11-05, 2024-10-07)'),
    ],
  ])('refuses %s, as the SDK transport words it', async (_name, message, headers, status, body) => {
    expect(await answer(message, headers)).toEqual({ status, body });
  });

  it('takes Content-Type with parameters, and skips the media checks when the host always speaks JSON', async () => {
    expect((await answer(initialize, { ...HTTP, 'content-type': 'application/json; charset=utf-8' })).status).toBe(200);
    expect((await answer(initialize, {}, false)).status).toBe(200);
  });

  it('lets initialize name any version it likes in its own parameters, whatever the header says', async () => {
    const { status, body } = await answer(initialize, { ...HTTP, 'mcp-protocol-version': '1999-01-01' });
    expect(status).toBe(200);
    expect(body).toMatchObject({ result: { protocolVersion: '2025-06-18' } });
  });

  it('initialize and tools/list never build the QuantConnect client: only a call does', async () => {
    // A base URL the client refuses when it is built (configuration checks it at start-up already).
    const server = createServer({ apiToken: TEST_API_TOKEN, userId: TEST_USER_ID, baseUrl: 'ftp://qc.test/api/v2', canAskUser: false });
    try {
      expect((await answerJsonRpc(server, initialize, HTTP)).status).toBe(200);
      const list = await answerJsonRpc(createServer({ baseUrl: 'ftp://qc.test/api/v2' }), { jsonrpc: '2.0', id: 2, method: 'tools/list' }, HTTP);
      expect((list.body as { result: { tools: unknown[] } }).result.tools.length).toBeGreaterThan(0);
      const call = await answerJsonRpc(
        createServer({ apiToken: TEST_API_TOKEN, userId: TEST_USER_ID, baseUrl: 'ftp://qc.test/api/v2' }),
        { jsonrpc: '2.0', id: 3, method: 'tools/call', params: { name: 'read_project', arguments: { projectId: 7 } } },
        HTTP,
      );
      expect(JSON.stringify(call.body)).toContain('QUANTCONNECT_API_BASE_URL must use https (plain http only to localhost), got ftp://qc.test.');
    } finally {
      await server.close();
    }
  });

  it('settles a call still running when the server is closed, instead of hanging', async () => {
    qcApi().post('/api/v2/projects/read').delay(5_000).reply(200, { projects: [], success: true });
    const client = createClient({ userId: TEST_USER_ID, apiToken: TEST_API_TOKEN, baseUrl: QC_BASE, now: () => FIXED_NOW_MS, random: () => 0.5, sleep: async () => undefined });
    const server = createServer({ apiToken: TEST_API_TOKEN, baseUrl: QC_BASE, version: '1.2.3', client, canAskUser: false });
    const pending = answerJsonRpc(server, { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'read_project', arguments: { projectId: 7 } } }, HTTP);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await server.close();
    expect(await pending).toEqual({ status: 200, body: { jsonrpc: '2.0', id: 9, error: { code: -32000, message: 'The server closed before answering. A write may still have taken effect on QuantConnect: check before calling again.' } } });
  });
});

describe('stringifyJsonRpc', () => {
  it('splices a shared result into each answer, byte for byte what JSON.stringify gives', () => {
    const result = sharedResult({ tools: [{ name: 'read_project', inputSchema: { type: 'object' } }] });
    const listed = '{"tools":[{"name":"read_project","inputSchema":{"type":"object"}}]}';
    expect(stringifyJsonRpc({ result, jsonrpc: '2.0', id: 7 })).toBe(`{"result":${listed},"jsonrpc":"2.0","id":7}`);
    expect(stringifyJsonRpc({ result, jsonrpc: '2.0', id: 'a"b' })).toBe(`{"result":${listed},"jsonrpc":"2.0","id":"a\\"b"}`);
    expect(stringifyJsonRpc({ result, jsonrpc: '2.0', id: null })).toBe(`{"result":${listed},"jsonrpc":"2.0","id":null}`);
    expect(stringifyJsonRpc({ result, jsonrpc: '2.0' })).toBe(`{"result":${listed},"jsonrpc":"2.0"}`);
  });

  it('serializes a shared result once, however many answers carry it', () => {
    let serialized = 0;
    const result = sharedResult({ toJSON: () => (serialized += 1, { tools: [] }) });
    expect([1, 2, 3].map((id) => stringifyJsonRpc({ result, jsonrpc: '2.0', id }))).toEqual([
      '{"result":{"tools":[]},"jsonrpc":"2.0","id":1}',
      '{"result":{"tools":[]},"jsonrpc":"2.0","id":2}',
      '{"result":{"tools":[]},"jsonrpc":"2.0","id":3}',
    ]);
    expect(serialized).toBe(1);
  });

  it('serializes anything else as JSON.stringify does, and a shared result cannot change after it is serialized', () => {
    expect(stringifyJsonRpc({ jsonrpc: '2.0', id: 1, result: { tools: [] } })).toBe('{"jsonrpc":"2.0","id":1,"result":{"tools":[]}}');
    expect(stringifyJsonRpc(jsonRpcError(-32700, 'Parse error'))).toBe('{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}');
    expect(stringifyJsonRpc({ jsonrpc: '2.0', id: 1, result: null })).toBe('{"jsonrpc":"2.0","id":1,"result":null}');
    expect(stringifyJsonRpc(null)).toBe('null');
    const shared = sharedResult({ tools: [] as unknown[] });
    expect(() => (shared as { extra?: number }).extra = 1).toThrow(TypeError);
  });

  it('answers tools/list over HTTP with the same bytes as a plain serialization, for two requests', async () => {
    for (const id of [1, 'second']) {
      const { body } = await answer({ jsonrpc: '2.0', id, method: 'tools/list' });
      const text = stringifyJsonRpc(body);
      expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(body)));
      expect(text.endsWith(`"jsonrpc":"2.0","id":${JSON.stringify(id)}}`)).toBe(true);
    }
  });
});
