import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createClient } from '@qc-mcp/api-client';
import { FIXED_NOW_MS, realResponses, TEST_API_TOKEN, TEST_USER_ID } from '@qc-mcp/api-client/testing';
import { allTools, authorizeConnectionTool } from '@qc-mcp/mcp-tools';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { AUTH, connect, QC_BASE, QC_ORIGIN, qcApi, textOf } from '../testing/harness.js';

/** QuantConnect-shaped JSON of any depth, as the tests read it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Every tool of the committed surface (hand-written ones included). */
const TOOL_COUNT = (JSON.parse(readFileSync(new URL('../../../../openapi/mcp-surface.json', import.meta.url), 'utf8')) as { tools: unknown[] }).tools.length;

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  vi.restoreAllMocks();
});

describe('errors become isError results a person and a model can act on', () => {
  it('401: check the credentials and the clock', async () => {
    qcApi().post('/api/v2/account/read').reply(401, { errors: ['Unauthorized'] });
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_account', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/rejected the credentials.*QUANTCONNECT_USER_ID and QUANTCONNECT_API_TOKEN.*clock/);
    await close();
  });

  it("HTTP 200 'Hash doesn't match.': an authentication failure too", async () => {
    qcApi().post('/api/v2/account/read').reply(200, realResponses['error-bad-hash'] as nock.Body);
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_account', arguments: {} });
    expect(textOf(result)).toMatch(/^QuantConnect rejected the credentials \(Hash doesn't match/);
    await close();
  });

  it('429 then 200: retried for an idempotent tool', async () => {
    qcApi().post('/api/v2/projects/read').reply(429, {}, { 'Retry-After': '1' });
    qcApi().post('/api/v2/projects/read').reply(200, { projects: [], success: true });
    const { mcp, sleeps, close } = await connect();
    const result = await mcp.callTool({ name: 'list_projects', arguments: {} });
    expect(result.isError).toBeFalsy();
    expect(sleeps).toEqual([1000]);
    await close();
  });

  it('429: not retried for create_backtest, which is sent exactly once', async () => {
    const scope = qcApi().post('/api/v2/backtests/create').once().reply(429, {}, { 'Retry-After': '30' });
    const { mcp, sleeps, close } = await connect();
    const result = await mcp.callTool({ name: 'create_backtest', arguments: { projectId: 1, compileId: 'c', backtestName: 'b' } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/HTTP 429.*Wait 30 s.*may still have taken effect/);
    expect(sleeps).toEqual([]);
    expect(scope.isDone()).toBe(true);
    await close();
  });

  it('500: a possible credentials problem or a temporary fault', async () => {
    qcApi().post('/api/v2/compile/read').reply(500, { errors: ['Internal error'] });
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_compile', arguments: { projectId: 1, compileId: 'c' } });
    expect(textOf(result)).toMatch(/HTTP 500 for read_compile \(Internal error\).*temporary fault, or invalid credentials/);
    await close();
  });

  it('a reply slower than the timeout', async () => {
    qcApi().post('/api/v2/backtests/read').delay(3_000).reply(200, {});
    const client = createClient({ userId: TEST_USER_ID, apiToken: TEST_API_TOKEN, baseUrl: QC_BASE, now: () => FIXED_NOW_MS, timeoutMs: 200, retry: { attempts: 1 } });
    const { mcp, close } = await connect({ client, timeoutMs: 200 });
    const result = await mcp.callTool({ name: 'read_backtest', arguments: { projectId: 1, backtestId: 'b' } });
    expect(textOf(result)).toBe('QuantConnect did not answer read_backtest within 200 ms. Try again.');
    await close();
  });

  it('invalid JSON and an HTML page', async () => {
    qcApi().post('/api/v2/live/list').reply(200, '{"live": [', { 'Content-Type': 'application/json' });
    qcApi().post('/api/v2/live/read').reply(503, '<html><title>Service Unavailable</title></html>', { 'Content-Type': 'text/html' });
    qcApi().post('/api/v2/live/read').times(2).reply(503, '<html><title>Service Unavailable</title></html>', { 'Content-Type': 'text/html' });
    const { mcp, close } = await connect();
    const list = await mcp.callTool({ name: 'list_live_algorithms', arguments: {} });
    expect(textOf(list)).toMatch(/with a body that is not JSON \(HTTP 200, application\/json\)/);
    const read = await mcp.callTool({ name: 'read_live_algorithm', arguments: { projectId: 1 } });
    expect(textOf(read)).toMatch(/unavailable right now \(HTTP 503\) for read_live_algorithm \(Service Unavailable\)/);
    await close();
  });

  it('success: false with errors, and the reading window for windowed tools', async () => {
    qcApi().post('/api/v2/backtests/orders/read').reply(200, { success: false, errors: ['The range end - start must be less than 100'] });
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_backtest_orders', arguments: { projectId: 1, backtestId: 'b', start: 0, end: 500 } });
    expect(textOf(result)).toBe(
      'QuantConnect could not complete read_backtest_orders: The range end - start must be less than 100. Read orders in windows with end - start < 100.',
    );
    await close();
  });

  it('a network failure names the base URL', async () => {
    nock(QC_ORIGIN).post('/api/v2/lean/versions/read').times(3).replyWithError(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_lean_versions', arguments: {} });
    expect(textOf(result)).toMatch(/Could not reach QuantConnect at https:\/\/qc\.test\/api\/v2 for read_lean_versions/);
    await close();
  });

  it('without credentials the tools are listed, and each call names the missing variables', async () => {
    const { mcp, close } = await connect({ credentials: false });
    expect((await mcp.listTools()).tools).toHaveLength(TOOL_COUNT);
    const result = await mcp.callTool({ name: 'read_account', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "read_account needs QuantConnect credentials, which are not configured: set QUANTCONNECT_USER_ID and QUANTCONNECT_API_TOKEN and restart the server.",
    );
    await close();
  });

  it('a cancelled MCP request aborts the QuantConnect call', async () => {
    let aborted = false;
    qcApi()
      .post('/api/v2/backtests/read')
      .delay(2_000)
      .reply(200, () => ({ never: true }));
    const { mcp, logs, close } = await connect();
    const controller = new AbortController();
    const call = mcp.callTool({ name: 'read_backtest', arguments: { projectId: 1, backtestId: 'b' } }, undefined, { signal: controller.signal });
    setTimeout(() => controller.abort('user cancelled'), 50);
    await call.catch(() => (aborted = true));
    expect(aborted).toBe(true);
    await vi.waitFor(() => expect(logs).toEqual([expect.objectContaining({ tool: 'read_backtest', outcome: 'error', errorKind: 'cancelled' })]));
    await close();
  });
});

describe('"still loading" answers', () => {
  it('the live chart: a clear non-error result saying to call again', async () => {
    qcApi().post('/api/v2/live/chart/read').reply(200, { progress: 0.45, status: 'loading', success: true });
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_live_chart', arguments: { projectId: 1, name: 'Strategy Equity', count: 10, start: 0, end: 100 } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toBe('The chart is still loading (45% done). Call this tool again in a few seconds.');
    expect(result.structuredContent).toEqual({ pending: true, message: textOf(result), progress: 0.45 });
    await close();
  });

  it('the backtest report while it is being generated', async () => {
    qcApi().post('/api/v2/backtests/read/report').reply(200, { generating: true, success: true });
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_backtest_report', arguments: { projectId: 1, backtestId: 'b' } });
    expect(textOf(result)).toMatch(/still being generated/);
    await close();
  });

  it('a chart that has loaded is data', async () => {
    const answer = { chart: { name: 'Strategy Equity', series: {} }, success: true };
    qcApi().post('/api/v2/backtests/chart/read').reply(200, answer);
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_backtest_chart', arguments: { projectId: 1, backtestId: 'b', name: 'Strategy Equity', count: 10, start: 0, end: 100 } });
    expect(result.structuredContent).toEqual(answer);
    await close();
  });
});

describe('every recorded QuantConnect body reads cleanly, with what matters kept', () => {
  const recorded = (name: string) => realResponses[name] as Record<string, Record<string, unknown>>;
  it.each([
    ['read_backtest', '/backtests/read', { projectId: 1, backtestId: 'b' }, recorded('backtests-read'), (data: Json) => {
      expect(data.backtest.statistics).toEqual(recorded('backtests-read').backtest?.statistics);
      expect(data.counts.rollingWindow).toBe(2);
    }],
    ['read_file', '/files/read', { projectId: 1 }, recorded('files-read'), (data: Json) => {
      expect(data.files[0].content).toEqual((recorded('files-read').files as unknown as Record<string, unknown>[])[0]?.content);
    }],
    ['read_live_algorithm', '/live/read', { projectId: 1 }, recorded('live-read'), (data: Json) => {
      expect(data).toMatchObject({ status: 'Running', stopped: null, runtimeStatistics: { Unrealized: '0' }, fileList: [] });
    }],
    ['read_backtest_orders', '/backtests/orders/read', { projectId: 1, backtestId: 'b', start: 0, end: 10 }, recorded('backtests-orders-read'), (data: Json) => {
      expect(data).toEqual(recorded('backtests-orders-read'));
    }],
    ['read_optimization', '/optimizations/read', { optimizationId: 'O-1' }, { optimization: recorded('optimizations-read.optimization'), success: true }, (data: Json) => {
      expect(data.optimization.status).toBe('completed');
      expect(data.optimization.criterion).toEqual(recorded('optimizations-read.optimization').criterion);
    }],
  ])('%s', async (name, path, args, body, check) => {
    qcApi().post(`/api/v2${path}`).reply(200, body);
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name, arguments: args });
    expect(result.isError, textOf(result)).toBeFalsy();
    check(result.structuredContent as Json);
    await close();
  });
});

describe('a summarised listing, a strict check', () => {
  it('create_live_algorithm refuses a brokerage that fits no settings shape, naming the field, and sends nothing', async () => {
    const scope = qcApi().post('/api/v2/live/create').reply(200, { success: true });
    const { mcp, close } = await connect();
    const result = await mcp.callTool({
      name: 'create_live_algorithm',
      arguments: { projectId: 1, compileId: 'c', nodeId: 'n', versionId: '-1', brokerage: { id: 'InteractiveBrokersBrokerage', 'ib-user-name': 'me' } },
    });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/^Invalid arguments for create_live_algorithm:\n- brokerage: /);
    expect(scope.isDone()).toBe(false);
    await close();
  });
});

describe('hand-written tools', () => {
  it('upload_object sends JSON input as multipart, text or base64', async () => {
    const bodies: string[] = [];
    qcApi()
      .post('/api/v2/object/set', (body) => (bodies.push(String(body)), true))
      .times(2)
      .matchHeader('content-type', /^multipart\/form-data/)
      .reply(200, { success: true });
    const { mcp, close } = await connect();
    const text = await mcp.callTool({ name: 'upload_object', arguments: { organizationId: 'org', key: 'notes.txt', content: 'hello' } });
    expect(text.structuredContent).toEqual({ success: true, key: 'notes.txt', bytes: 5 });
    await mcp.callTool({ name: 'upload_object', arguments: { organizationId: 'org', key: 'b.bin', content: Buffer.from('binary!').toString('base64'), encoding: 'base64' } });
    expect(bodies[0]).toMatch(/name="organizationId"\r\n\r\norg/);
    expect(bodies[0]).toMatch(/name="key"\r\n\r\nnotes\.txt/);
    expect(bodies[0]).toMatch(/name="objectData"[^]*\r\n\r\nhello/);
    expect(bodies[1]).toContain('binary!');
    await close();
  });

  it('authorize_connection: the first call hands out the URL, a later one polls until authorized', async () => {
    const generated = allTools.find((tool) => tool.definition.name === 'authorize_connection')!.definition;
    const tool = authorizeConnectionTool(generated, { waitMs: 2_000, pollMs: 10 });
    qcApi().post('/api/v2/live/auth0/read', { brokerage: 'alpaca' }).reply(200, { success: false, errors: ['No authorization found'] });
    qcApi().post('/api/v2/live/auth0/authorize', { brokerage: 'alpaca' }).reply(302, '', { Location: 'https://alpaca.example/oauth?state=1' });
    const { mcp, close } = await connect({ tools: [tool] });
    const first = await mcp.callTool({ name: 'authorize_connection', arguments: { brokerage: 'alpaca' } });
    expect(first.structuredContent).toMatchObject({ status: 'authorization_required', authorizationUrl: 'https://alpaca.example/oauth?state=1' });

    qcApi().post('/api/v2/live/auth0/read').times(2).reply(200, { success: false, errors: ['pending'] });
    qcApi().post('/api/v2/live/auth0/read').reply(200, { authorization: { 'alpaca-access-token': 'x' }, success: true });
    const second = await mcp.callTool({ name: 'authorize_connection', arguments: { brokerage: 'alpaca' } });
    expect(second.structuredContent).toEqual({ status: 'authorized', brokerage: 'alpaca' });
    // The brokerage's token is not handed to the model.
    expect(textOf(second)).not.toContain('alpaca-access-token');
    await close();
  });

  it('authorize_connection says pending when the wait runs out', async () => {
    const generated = allTools.find((tool) => tool.definition.name === 'authorize_connection')!.definition;
    const tool = authorizeConnectionTool(generated, { waitMs: 100, pollMs: 20 });
    qcApi().post('/api/v2/live/auth0/read').times(20).reply(200, { success: false, errors: ['pending'] });
    const { mcp, close } = await connect({ tools: [tool] });
    const result = await mcp.callTool({ name: 'authorize_connection', arguments: { brokerage: 'tradestation', authorizationUrlOpened: true } });
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toMatch(/tradestation authorization is not complete yet/);
    await close();
  });

  it('read_mcp_server_version and read_latest_mcp_server_version', async () => {
    nock('https://registry.test').get('/quantconnect-mcp/latest').reply(200, { name: 'quantconnect-mcp', version: '1.3.0' });
    const { mcp, close } = await connect({ registryUrl: 'https://registry.test' });
    expect((await mcp.callTool({ name: 'read_mcp_server_version', arguments: {} })).structuredContent).toEqual({ name: 'quantconnect-mcp', version: '1.2.3' });
    const latest = await mcp.callTool({ name: 'read_latest_mcp_server_version', arguments: {} });
    expect(latest.structuredContent).toEqual({ name: 'quantconnect-mcp', currentVersion: '1.2.3', latestVersion: '1.3.0', upToDate: false });
    await close();
  });

  it('read_latest_mcp_server_version fails soft and fast when offline', async () => {
    nock('https://registry.test').get(/.*/).replyWithError({ code: 'ENOTFOUND', message: 'getaddrinfo ENOTFOUND registry.test' });
    const { mcp, close } = await connect({ registryUrl: 'https://registry.test' });
    const started = Date.now();
    const result = await mcp.callTool({ name: 'read_latest_mcp_server_version', arguments: {} });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Could not read the latest version of quantconnect-mcp .* The running version is 1\.2\.3/);
    expect(Date.now() - started).toBeLessThan(5_000);
    await close();
  });
});

describe('secrets', () => {
  it('a whole session never shows the token or any hash of it in a log line or a tool result', async () => {
    const tokenHash = createHash('sha256').update(`${TEST_API_TOKEN}:${FIXED_NOW_MS / 1000}`).digest('hex');
    const basic = (AUTH.Authorization as string).replace('Basic ', '');
    const printed: string[] = [];
    for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
      vi.spyOn(console, method).mockImplementation((...args: unknown[]) => void printed.push(args.map(String).join(' ')));
    }
    const stderr = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (printed.push(String(chunk)), true));
    qcApi().post('/api/v2/account/read').reply(200, { organizationId: 'o', creditBalance: 10 });
    qcApi().post('/api/v2/projects/read').reply(401, { errors: ['Unauthorized'] });
    // A misbehaving proxy that echoes the request's auth header back in an error.
    qcApi().post('/api/v2/files/read').reply(200, (_uri, _body) => ({ success: false, errors: [`bad header Authorization: ${AUTH.Authorization}`, TEST_API_TOKEN] }));
    nock(QC_ORIGIN).post('/api/v2/compile/read').times(3).replyWithError('socket hang up');
    const { mcp, logs, close } = await connect();
    const results = [
      await mcp.callTool({ name: 'read_account', arguments: {} }),
      await mcp.callTool({ name: 'list_projects', arguments: {} }),
      await mcp.callTool({ name: 'read_file', arguments: { projectId: 1 } }),
      await mcp.callTool({ name: 'read_compile', arguments: { projectId: 1, compileId: 'c' } }),
      await mcp.callTool({ name: 'read_project', arguments: { projectId: 'bad' } }),
    ];
    await close();
    stderr.mockRestore();
    const everything = JSON.stringify({ results, logs, printed });
    expect(results.filter((result) => result.isError)).toHaveLength(4);
    for (const secret of [TEST_API_TOKEN, tokenHash, basic]) expect(everything).not.toContain(secret);
  });
});
