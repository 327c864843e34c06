import { readFileSync } from 'node:fs';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { largeBacktestBody, startFakeQuantConnect, TEST_API_TOKEN, TEST_USER_ID } from '@qc-mcp/api-client/testing';
import { createServer } from '@qc-mcp/mcp-server';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Every tool of the committed surface (hand-written ones included). */
const TOOL_COUNT = (JSON.parse(readFileSync(new URL('../../../openapi/mcp-surface.json', import.meta.url), 'utf8')) as { tools: unknown[] }).tools.length;

const BIN = fileURLToPath(new URL('../dist/quantconnect-mcp.js', import.meta.url));
const BIG_BACKTEST = largeBacktestBody();
const PROJECT = { projects: [{ projectId: 7, name: 'Alpha', modified: '2025-11-10 13:00:06' }], versions: [], success: true };

let fake: Awaited<ReturnType<typeof startFakeQuantConnect>>;
const baseEnv = () => ({
  PATH: process.env.PATH ?? '',
  QUANTCONNECT_USER_ID: TEST_USER_ID,
  QUANTCONNECT_API_TOKEN: TEST_API_TOKEN,
  QUANTCONNECT_API_BASE_URL: fake.baseUrl,
});

/** Every server process a test starts, stopped even when the test fails. */
const children: ChildProcess[] = [];
beforeAll(async () => {
  fake = await startFakeQuantConnect({
    '/projects/read': PROJECT,
    '/backtests/read': BIG_BACKTEST,
    // A slow read, to have a call in flight when the server is told to stop.
    // An upstream that echoes the request headers, credentials included.
    '/account/read': (request, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, echo: request.headers })),
    '/projects/nodes/read': (_request, res) => void setTimeout(() => res.writeHead(200, { 'content-type': 'application/json' }).end('{"success":true,"nodes":{}}'), 800),
  });
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await fake.close();
});

/** What the in-memory server answers, to compare the real processes with. */
async function inMemoryAnswers() {
  const server = createServer({ userId: TEST_USER_ID, apiToken: TEST_API_TOKEN, baseUrl: fake.baseUrl, version: '0.1.0' });
  const [a, b] = InMemoryTransport.createLinkedPair();
  const client = new Client({ name: 'in-memory', version: '1' });
  await Promise.all([server.connect(b), client.connect(a)]);
  const answers = await session(client);
  await client.close();
  return answers;
}

async function session(client: Client) {
  const tools = await client.listTools();
  const call = await client.callTool({ name: 'read_project', arguments: { projectId: 7 } });
  return { server: client.getServerVersion(), instructions: client.getInstructions(), tools, call };
}

/** Starts the bin in HTTP mode on a free port and returns its URL once it is listening. */
async function startHttp(env: Record<string, string>, args: string[] = []) {
  const child = spawn(process.execPath, [BIN, '--http', '--port', '0', ...args], { env: { ...baseEnv(), ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stderr = '';
  const url = await new Promise<string>((resolve, reject) => {
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const match = /serving Streamable HTTP at (\S+)/.exec(stderr);
      if (match) resolve(match[1] as string);
    });
    child.once('exit', (code) => reject(new Error(`exited ${code}: ${stderr}`)));
    setTimeout(() => reject(new Error(`no start within 15 s: ${stderr}`)), 15_000);
  });
  return { child, url, stderr: () => stderr };
}

type RpcBody = { error: { code: number; message: string }; result: { tools: unknown[] } };
const body = async (response: Response) => (await response.json()) as RpcBody;

const exited = (child: ChildProcess) => new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

describe('the built bin over stdio', () => {
  it('answers initialize, tools/list and tools/call exactly like the in-memory server', async () => {
    const transport = new StdioClientTransport({ command: process.execPath, args: [BIN], env: baseEnv(), stderr: 'pipe' });
    const client = new Client({ name: 'stdio-test', version: '1' });
    await client.connect(transport);
    const answers = await session(client);
    await client.close();
    expect(answers.tools.tools).toHaveLength(TOOL_COUNT);
    expect(answers.call.structuredContent).toEqual(PROJECT);
    expect(answers).toEqual(await inMemoryAnswers());
    expect(fake.requests.every((request) => request.authentic)).toBe(true);
  });

  it('writes nothing but protocol to stdout, even with credentials missing (the warning goes to stderr)', () => {
    const input = [
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 't', version: '1' } } },
      { jsonrpc: '2.0', method: 'notifications/initialized' },
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'read_account', arguments: {} } },
    ].map((message) => JSON.stringify(message)).join('\n');
    const run = spawnSync(process.execPath, [BIN], { input: `${input}\n`, env: { PATH: process.env.PATH ?? '' }, encoding: 'utf8', timeout: 15_000 });
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    for (const line of lines) expect(JSON.parse(line)).toMatchObject({ jsonrpc: '2.0' });
    const call = JSON.parse(lines[1] as string);
    expect(call.result.isError).toBe(true);
    expect(call.result.content[0].text).toMatch(/set QUANTCONNECT_USER_ID and QUANTCONNECT_API_TOKEN/);
    expect(run.stderr).toMatch(/warning: QUANTCONNECT_USER_ID and QUANTCONNECT_API_TOKEN not set/);
  });
});

/** read_backtest on the 2.4 MB body, then one chart through resources/read: the summary and the rest. */
async function bigBacktest(client: Client) {
  const { projectId, backtestId, statistics } = BIG_BACKTEST.backtest as { projectId: number; backtestId: string; statistics: unknown };
  const result = await client.callTool({ name: 'read_backtest', arguments: { projectId, backtestId } });
  const bytes = Buffer.byteLength(JSON.stringify(result));
  expect(JSON.stringify(BIG_BACKTEST).length).toBeGreaterThan(2_000_000);
  expect(bytes).toBeLessThanOrEqual(100_000);
  expect((result.structuredContent as { backtest: { statistics: unknown } }).backtest.statistics).toEqual(statistics);
  const chart = await client.readResource({ uri: `qc://projects/${projectId}/backtests/${backtestId}/charts/Strategy%20Equity?points=30` });
  const page = JSON.parse((chart.contents[0] as { text: string }).text);
  expect(page.value.series.Equity.values).toHaveLength(30);
  const orders = await client.readResource({ uri: `qc://projects/${projectId}/backtests/${backtestId}/sections/orders?page=2` });
  const second = JSON.parse((orders.contents[0] as { text: string }).text);
  expect(second.page).toBe(2);
  expect(Object.keys(second.value).length).toBeGreaterThan(0);
}

/** Calls read_account against the echoing route and checks no form of the credentials came back. */
async function echoedCredentials(client: Client) {
  const before = fake.requests.length;
  const result = await client.callTool({ name: 'read_account', arguments: {} });
  const sent = fake.requests.slice(before).find((request) => request.path === '/account/read')?.headers.authorization as string;
  const encoded = sent.slice('Basic '.length);
  const hash = Buffer.from(encoded, 'base64').toString().split(':')[1] as string;
  const everything = JSON.stringify(result);
  for (const form of [TEST_API_TOKEN, sent, encoded, hash]) expect(everything).not.toContain(form);
  expect(everything).toContain('[redacted]');
}

/** Runs one scenario against the built bin over stdio, then over HTTP. */
function overStdioAndHttp(name: string, title: string, scenario: (client: Client) => Promise<void>) {
  describe(title, () => {
    it(`over stdio: ${name}`, async () => {
      const client = new Client({ name: 'stdio', version: '1' });
      await client.connect(new StdioClientTransport({ command: process.execPath, args: [BIN], env: baseEnv(), stderr: 'pipe' }));
      await scenario(client);
      await client.close();
    });

    it('over HTTP: the same', async () => {
      const { child, url } = await startHttp({});
      const client = new Client({ name: 'http', version: '1' });
      await client.connect(new StreamableHTTPClientTransport(new URL(url)));
      await scenario(client);
      await client.close();
      child.kill('SIGTERM');
      await exited(child);
    });
  });
}

overStdioAndHttp('an echoing upstream gets no form of the credentials back to the client', 'secrets, through the built bin', echoedCredentials);
overStdioAndHttp('a summary within 100,000 bytes, and the chart and orders as resources', 'a 2.4 MB backtest through the built bin', bigBacktest);

describe('the built bin over HTTP', () => {
  it('answers like the in-memory server, statelessly, and shuts down cleanly on SIGTERM', async () => {
    const { child, url } = await startHttp({});
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/mcp$/);
    const client = new Client({ name: 'http-test', version: '1' });
    await client.connect(new StreamableHTTPClientTransport(new URL(url)));
    const answers = await session(client);
    await client.close();
    expect(answers).toEqual(await inMemoryAnswers());
    child.kill('SIGTERM');
    expect(await exited(child)).toBe(0);
  });

  it('SIGTERM lets a call in flight finish and answer, then exits 0', async () => {
    const { child, url } = await startHttp({});
    const call = fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name: 'read_project_nodes', arguments: { projectId: 7 } } }),
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    child.kill('SIGTERM');
    const answer = (await (await call).json()) as { result: { isError?: boolean; structuredContent: unknown } };
    expect(answer.result.isError).toBeFalsy();
    expect(answer.result.structuredContent).toEqual({ success: true, nodes: {} });
    expect(await exited(child)).toBe(0);
  });

  it('guards the endpoint: Origin, methods, paths, body size, malformed JSON', async () => {
    const { child, url } = await startHttp({});
    const post = (body: string, headers: Record<string, string> = {}) =>
      fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers } });
    const list = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });

    const evil = await post(list, { origin: 'https://evil.example' });
    expect(evil.status).toBe(403);
    expect((await body(evil)).error.message).toMatch(/Origin https:\/\/evil\.example is not allowed/);
    expect((await post(list, { origin: 'http://localhost:6274' })).status).toBe(200);

    const get = await fetch(url);
    expect(get.status).toBe(405);
    expect(get.headers.get('allow')).toBe('POST');
    expect((await fetch(url, { method: 'DELETE' })).status).toBe(405);
    expect((await fetch(url.replace('/mcp', '/other'), { method: 'POST', body: list })).status).toBe(404);

    const big = await post(JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(5 * 1024 * 1024) } }));
    expect(big.status).toBe(413);

    const malformed = await post('{"jsonrpc": "2.0", "id": 1, "method": ');
    expect(malformed.status).toBe(400);
    expect((await body(malformed)).error.code).toBe(-32700);

    child.kill('SIGINT');
    expect(await exited(child)).toBe(0);
  });

  it('requires the bearer token when MCP_AUTH_TOKEN is set', async () => {
    const { child, url } = await startHttp({ MCP_AUTH_TOKEN: 'let-me-in-please' });
    const list = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list' });
    const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
    const missing = await fetch(url, { method: 'POST', body: list, headers });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect((await fetch(url, { method: 'POST', body: list, headers: { ...headers, authorization: 'Bearer wrong' } })).status).toBe(401);
    const right = await fetch(url, { method: 'POST', body: list, headers: { ...headers, authorization: 'Bearer let-me-in-please' } });
    expect(right.status).toBe(200);
    expect((await body(right)).result.tools).toHaveLength(TOOL_COUNT);
    child.kill('SIGTERM');
    await exited(child);
  });

  it('refuses to bind a non-loopback host without MCP_AUTH_TOKEN', () => {
    const run = spawnSync(process.execPath, [BIN, '--http', '--host', '0.0.0.0'], { env: baseEnv(), encoding: 'utf8', timeout: 15_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/Refusing to serve on 0\.0\.0\.0 without authentication: set MCP_AUTH_TOKEN/);
  });
});

describe('command line', () => {
  const run = (...args: string[]) => spawnSync(process.execPath, [BIN, ...args], { env: baseEnv(), encoding: 'utf8', timeout: 15_000 });

  it('--list-tools prints a row per tool; with --read-only only read-only tools', () => {
    const all = run('--list-tools').stdout.trim().split('\n');
    expect(all).toHaveLength(TOOL_COUNT);
    const readOnly = run('--list-tools', '--read-only').stdout.trim().split('\n');
    expect(readOnly.length).toBeGreaterThan(20);
    expect(readOnly.length).toBeLessThan(TOOL_COUNT);
    for (const row of readOnly) expect(row.split('\t')[2]).toMatch(/^read-only/);
    expect(run('--list-tools', '--toolsets', 'compile').stdout.trim().split('\n').map((row) => row.split('\t')[0])).toEqual(['create_compile', 'read_compile']);
  });

  it('--live-trading off leaves out the five tools that trade; a wrong mode is a start-up error', () => {
    const names = run('--list-tools', '--live-trading', 'off').stdout.trim().split('\n').map((row) => row.split('\t')[0]);
    expect(names).toHaveLength(TOOL_COUNT - 5);
    for (const name of ['create_live_algorithm', 'stop_live_algorithm', 'liquidate_live_algorithm', 'create_live_command', 'broadcast_live_command']) expect(names).not.toContain(name);
    expect(names).toContain('read_live_algorithm');
    const wrong = run('--live-trading', 'maybe');
    expect(wrong.status).toBe(2);
    expect(wrong.stderr).toMatch(/MCP_LIVE_TRADING must be off, confirm or on, got "maybe"/);
  });

  it('--help explains the options; a wrong flag or toolset is a clear start-up error', () => {
    expect(run('--help').stdout).toMatch(/--toolsets <list>/);
    const flag = run('--nope');
    expect(flag.status).toBe(2);
    expect(flag.stderr).toMatch(/Unknown option '--nope'.*--help/);
    const toolset = run('--toolsets', 'trading');
    expect(toolset.status).toBe(2);
    expect(toolset.stderr).toMatch(/Unknown toolset: trading\. Valid toolsets: account, projects/);
  });

  it('--help lists every variable the server reads, and the exit codes', () => {
    const help = run('--help').stdout;
    const read = readFileSync(fileURLToPath(new URL('../dist/quantconnect-mcp.js', import.meta.url)), 'utf8').match(/\b(?:QUANTCONNECT|MCP)_[A-Z_]+\b/g) ?? [];
    const variables = [...new Set(read)].filter((name) => name !== 'QUANTCONNECT_SECRET_ID' && name !== 'QUANTCONNECT_SECRET_MAX_AGE_SECONDS' && name !== 'QUANTCONNECT_OPENAPI_SPEC');
    expect(variables.length).toBeGreaterThan(10);
    for (const name of variables) expect(help, name).toContain(name);
    expect(help).toMatch(/Exit codes:\n {2}0 .*\n {2}1 .*port is in use.*\n {2}2 .*configuration mistake/);
  });

  it('toolset names are case-insensitive; an empty --toolsets is an error', () => {
    expect(run('--list-tools', '--toolsets', 'Compile').stdout.trim().split('\n').map((row) => row.split('\t')[0])).toEqual(['create_compile', 'read_compile']);
    const empty = run('--toolsets', '');
    expect(empty.status).toBe(2);
    expect(empty.stderr).toMatch(/--toolsets needs a value/);
  });

  it('a busy port is one line saying so, and exit 1', async () => {
    const blocker = createNetServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const busy = run('--http', '--port', String(port));
      expect(busy.status).toBe(1);
      expect(busy.stderr.trim()).toBe(`[quantconnect-mcp] error: port ${port} on 127.0.0.1 is already in use: stop what uses it, or choose another with --port (MCP_PORT).`);
    } finally {
      blocker.close();
    }
  });
});
