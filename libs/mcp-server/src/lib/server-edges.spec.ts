import { authHeaders, createClient } from '@qc-mcp/api-client';
import { FIXED_NOW_MS, TEST_API_TOKEN, TEST_USER_ID } from '@qc-mcp/api-client/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, qcApi, QC_BASE, QC_ORIGIN, textOf } from '../testing/harness.js';
import { describeLiveAction } from './confirm.js';
import { createServer, type CreateServerOptions } from './server.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  vi.useRealTimers();
});

/** A real SDK client on a server built from options alone (no injected QuantConnect client). */
async function plain(options: CreateServerOptions) {
  const server = createServer({ baseUrl: QC_BASE, version: '1', ...options });
  const client = new Client({ name: 'edges', version: '1' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  await Promise.all([server.connect(b), client.connect(a)]);
  return client;
}

describe('servers in one process', () => {
  it('two servers with different credentials each sign with their own', async () => {
    vi.useFakeTimers({ now: FIXED_NOW_MS, toFake: ['Date'] });
    const seen: string[] = [];
    nock(QC_ORIGIN)
      .post('/api/v2/projects/read')
      .times(2)
      .reply(function reply() {
        seen.push(this.req.headers.authorization as string);
        return [200, { success: true }];
      });
    const first = await plain({ userId: 'u1', apiToken: 'token-one' });
    const second = await plain({ userId: 'u2', apiToken: 'token-two' });
    await first.callTool({ name: 'read_project', arguments: { projectId: 1 } });
    await second.callTool({ name: 'read_project', arguments: { projectId: 1 } });
    const at = FIXED_NOW_MS / 1000;
    expect(seen).toEqual([authHeaders('u1', 'token-one', at).Authorization, authHeaders('u2', 'token-two', at).Authorization]);
  });

  it('two servers with different selections list different tools', async () => {
    const a = await plain({ toolsets: ['compile'] });
    const b = await plain({ toolsets: ['compile'], readOnly: true });
    const c = await plain({ toolsets: ['account'] });
    expect((await a.listTools()).tools.map((tool) => tool.name)).toEqual(['create_compile', 'read_compile']);
    expect((await b.listTools()).tools.map((tool) => tool.name)).toEqual(['read_compile']);
    expect((await c.listTools()).tools.map((tool) => tool.name)).toEqual(['read_account']);
    expect((await a.listTools()).tools.map((tool) => tool.name)).toEqual(['create_compile', 'read_compile']);
  });

  it('declares tools and resources without change notifications', async () => {
    const { mcp, close } = await connect();
    expect(mcp.getServerCapabilities()).toMatchObject({ tools: { listChanged: false }, resources: { listChanged: false } });
    await close();
  });
});

describe('tool calls at the edges', () => {
  it('more than 64 arguments are refused by count, before validation or any request', async () => {
    const { mcp, logs, close } = await connect();
    const args = Object.fromEntries(Array.from({ length: 65 }, (_, index) => [`a${index}`, index]));
    const result = await mcp.callTool({ name: 'read_project', arguments: args });
    expect(result).toEqual({ isError: true, content: [{ type: 'text', text: 'Invalid arguments for read_project: 65 arguments given; it takes at most 1. See its input schema.' }] });
    expect(logs.map((entry) => entry.outcome)).toEqual(['invalid-arguments']);
    const sixtyFour = await mcp.callTool({ name: 'read_project', arguments: Object.fromEntries(Array.from({ length: 64 }, (_, index) => [`a${index}`, index])) });
    expect(textOf(sixtyFour)).toMatch(/^Invalid arguments for read_project:\n- unknown fields/);
    await close();
  });

  it('logs each call with its outcome and duration', async () => {
    qcApi().post('/api/v2/projects/read').reply(200, { success: true });
    const { mcp, logs, close } = await connect();
    await mcp.callTool({ name: 'read_project', arguments: { projectId: 1 } });
    await mcp.callTool({ name: 'read_project', arguments: {} });
    expect(logs).toEqual([
      { tool: 'read_project', outcome: 'ok', durationMs: expect.any(Number) },
      { tool: 'read_project', outcome: 'invalid-arguments', durationMs: expect.any(Number) },
    ]);
    expect(logs[0]!.durationMs).toBeGreaterThanOrEqual(0);
    expect(logs[0]!.durationMs).toBeLessThan(5_000);
    await close();
  });

  it('progress without a total when the job reports none, strictly increasing', async () => {
    let clock = 1_000;
    qcApi().post('/api/v2/compile/create').reply(200, { compileId: 'c', state: 'InQueue' });
    qcApi().post('/api/v2/compile/read').reply(200, { compileId: 'c', state: 'InQueue' });
    qcApi().post('/api/v2/compile/read').reply(200, { compileId: 'c', state: 'BuildSuccess' });
    const { mcp, close } = await connect({ now: () => clock, sleep: async (ms) => void (clock += ms) });
    const events: { progress: number; total?: number; message?: string }[] = [];
    await mcp.callTool({ name: 'create_compile', arguments: { projectId: 1, waitSeconds: 10 } }, undefined, { onprogress: (event) => events.push(event) });
    expect(events.map((event) => event.total)).toEqual([undefined, undefined, undefined]);
    expect(events.map((event) => event.message)).toEqual(['compile InQueue', 'compile InQueue', 'compile BuildSuccess']);
    expect(events[0]!.progress).toBe(0);
    expect(events[1]!.progress).toBeGreaterThan(events[0]!.progress);
    await close();
  });
});

describe('resource reads at the edges', () => {
  const backtest = 'qc://projects/1/backtests/b';

  it('bad arguments in a resource URI are a JSON-RPC error naming the resource', async () => {
    const { mcp, close } = await connect();
    await expect(mcp.readResource({ uri: `qc://results/read_project?arguments=${encodeURIComponent('{"projectId":"x"}')}` })).rejects.toThrow(
      /Invalid arguments for qc:\/\/results\/read_project\?arguments=.* \(read_project\):\n- projectId: /,
    );
    await close();
  });

  it('a failed read is a JSON-RPC error that says why, without secrets', async () => {
    qcApi().post('/api/v2/backtests/read').reply(200, { success: false, errors: [`Bad token ${TEST_API_TOKEN}`] });
    const { mcp, close } = await connect();
    const error = await mcp.readResource({ uri: backtest }).catch((caught: unknown) => caught as Error);
    expect((error as Error).message).toBe('MCP error -32603: QuantConnect could not complete read_backtest: Bad token [redacted].');
    await close();
  });

  it('a part that is not there is named, with where to start', async () => {
    qcApi().post('/api/v2/projects/read').reply(200, { projects: [], success: true });
    const { mcp, close } = await connect();
    const uri = `qc://results/read_project?arguments=${encodeURIComponent('{"projectId":1}')}&path=%2Fnope&page=2`;
    await expect(mcp.readResource({ uri })).rejects.toThrow(
      `MCP error -32602: ${uri}: the answer of read_project has nothing at '/nope'. Read qc://results/read_project without a path first.`,
    );
    await close();
  });

  it('a chart the backtest does not have is the caller\'s mistake, said as such', async () => {
    qcApi().post('/api/v2/backtests/read').reply(200, { backtest: { projectId: 1, backtestId: 'b', charts: { Equity: { name: 'Equity' } } }, success: true });
    const { mcp, close } = await connect();
    await expect(mcp.readResource({ uri: `${backtest}/charts/Nope` })).rejects.toThrow(
      "MCP error -32602: read_backtest: there is no chart named 'Nope'. Charts: Equity. Fix the argument and call again.",
    );
    await close();
  });

  it('a part still being prepared says so', async () => {
    qcApi().post('/api/v2/backtests/read/report').reply(200, { generating: true, success: true });
    const { mcp, close } = await connect();
    const read = await mcp.readResource({ uri: `${backtest}/report` });
    expect(read.contents).toEqual([
      { uri: `${backtest}/report`, mimeType: 'application/json', text: JSON.stringify({ pending: true, message: 'The report is still being generated. Call this tool again in a minute.' }) },
    ]);
    await close();
  });

  it('one page: no next, and nothing cut', async () => {
    qcApi().post('/api/v2/backtests/read').reply(200, { backtest: { projectId: 1, backtestId: 'b', statistics: { a: '1' } }, success: true });
    const { mcp, close } = await connect();
    const read = await mcp.readResource({ uri: `${backtest}/sections/statistics?page=1` });
    expect(JSON.parse((read.contents[0] as { text: string }).text)).toEqual({ uri: `${backtest}/sections/statistics`, page: 1, pages: 1, value: { a: '1' } });
    await close();
  });

  it('a page that cannot fit says what was cut', async () => {
    const big = { backtest: { projectId: 1, backtestId: 'b', report: 'r'.repeat(20_000) }, success: true };
    qcApi().post('/api/v2/backtests/read').reply(200, big);
    const { mcp, close } = await connect({ resultMaxBytes: 5_000 });
    const read = await mcp.readResource({ uri: `${backtest}/sections/report?page=3` });
    const page = JSON.parse((read.contents[0] as { text: string }).text);
    expect(page.page).toBe(3);
    expect(page.next).toBe(`${backtest}/sections/report?page=4`);
    expect(Buffer.byteLength(JSON.stringify(read))).toBeLessThanOrEqual(5_000);
    await close();
  });
});

describe('the confirmation of a live action', () => {
  it('describes long values clipped and objects by their keys, leaving out secrets', () => {
    expect(describeLiveAction({ command: { action: 'buy', symbol: 'SPY', apiKey: 'k' }, note: 'n'.repeat(100), empty: {}, skipped: undefined })).toBe(
      `command action+symbol, note "${'n'.repeat(76)}..., empty {}`,
    );
    expect(describeLiveAction({ short: 'x'.repeat(78) })).toBe(`short "${'x'.repeat(78)}"`);
    expect(describeLiveAction({ list: ['a'] })).toBe('list ["a"]');
  });

  it('when asking fails, nothing is sent and the result says why', async () => {
    const scope = qcApi().post('/api/v2/live/update/stop').reply(200, { success: true });
    const server = createServer({ baseUrl: QC_BASE, apiToken: TEST_API_TOKEN, client: createClient({ userId: TEST_USER_ID, apiToken: TEST_API_TOKEN, baseUrl: QC_BASE, now: () => FIXED_NOW_MS }), liveTrading: 'confirm' });
    const client = new Client({ name: 'asks', version: '1' }, { capabilities: { elicitation: { form: {} } } });
    client.setRequestHandler(ElicitRequestSchema, async () => {
      throw new Error('the user closed the window');
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(b), client.connect(a)]);
    const result = await client.callTool({ name: 'stop_live_algorithm', arguments: { projectId: 3 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Nothing was sent: asking the user to confirm stop_live_algorithm failed \(.*the user closed the window.*\)\.$/);
    expect(scope.isDone()).toBe(false);
    await client.close();
  });

  it('asks with a form that requires a boolean "confirm"', async () => {
    const scope = qcApi().post('/api/v2/live/update/stop').reply(200, { success: true });
    const server = createServer({ baseUrl: QC_BASE, apiToken: TEST_API_TOKEN, client: createClient({ userId: TEST_USER_ID, apiToken: TEST_API_TOKEN, baseUrl: QC_BASE, now: () => FIXED_NOW_MS }) });
    const client = new Client({ name: 'asks', version: '1' }, { capabilities: { elicitation: { form: {} } } });
    const schemas: unknown[] = [];
    client.setRequestHandler(ElicitRequestSchema, async (request) => {
      schemas.push((request.params as { requestedSchema: unknown }).requestedSchema);
      return { action: 'accept', content: { confirm: true } };
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([server.connect(b), client.connect(a)]);
    await client.callTool({ name: 'stop_live_algorithm', arguments: { projectId: 3 } });
    expect(schemas).toEqual([
      { type: 'object', properties: { confirm: { type: 'boolean', title: 'Send it', description: 'Send stop_live_algorithm to QuantConnect now' } }, required: ['confirm'] },
    ]);
    expect(scope.isDone()).toBe(true);
    await client.close();
  });
});
