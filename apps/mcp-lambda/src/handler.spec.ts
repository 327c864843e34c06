import { readFileSync } from 'node:fs';
import { execFileSync, spawn } from 'node:child_process';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { startFakeQuantConnect, TEST_API_TOKEN, TEST_USER_ID } from '@qc-mcp/api-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/** Every tool of the committed surface, less the live-trading writes (off by default on Lambda). */
const TOOL_COUNT =
  (JSON.parse(readFileSync(new URL('../../../openapi/mcp-surface.json', import.meta.url), 'utf8')) as { tools: { realMoney?: boolean }[] }).tools.filter(
    (tool) => !tool.realMoney,
  ).length;

const BUNDLE = fileURLToPath(new URL('../dist/index.mjs', import.meta.url));
const INVOKER = fileURLToPath(new URL('./testing/invoke-bundle.mjs', import.meta.url));
const PROJECT = { projects: [{ projectId: 7, name: 'Alpha' }], success: true };

let fake: Awaited<ReturnType<typeof startFakeQuantConnect>>;
beforeAll(async () => {
  fake = await startFakeQuantConnect({ '/projects/read': PROJECT });
});
afterAll(() => fake.close());

const rpc = (id: number | undefined, method: string, params?: object) => ({ jsonrpc: '2.0', ...(id === undefined ? {} : { id }), method, ...(params ? { params } : {}) });
const initialize = rpc(1, 'initialize', { protocolVersion: '2025-06-18', capabilities: {}, clientInfo: { name: 'lambda-test', version: '1' } });

/** A REST API (v1) proxy event. */
const v1 = (method: string, body?: unknown, extra: object = {}) => ({
  httpMethod: method,
  path: '/mcp',
  resource: '/mcp',
  headers: { Host: 'abc.execute-api.us-east-1.amazonaws.com', 'Content-Type': 'application/json', Origin: 'https://app.example' },
  body: body === undefined ? null : typeof body === 'string' ? body : JSON.stringify(body),
  isBase64Encoded: false,
  requestContext: { requestId: 'api-req' },
  ...extra,
});

/** An HTTP API (v2) / function URL event. */
const v2 = (method: string, body?: unknown, base64 = false) => {
  const text = body === undefined ? undefined : JSON.stringify(body);
  return {
    version: '2.0',
    rawPath: '/mcp',
    headers: { host: 'xyz.lambda-url.us-east-1.on.aws', 'content-type': 'application/json' },
    body: base64 && text ? Buffer.from(text).toString('base64') : text,
    isBase64Encoded: base64,
    requestContext: { http: { method, path: '/mcp' }, requestId: 'url-req' },
  };
};

interface Result {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
}

/** Node 22, the major version of the Lambda runtime (the suite itself runs on Node 20). */
const NODE22 = execFileSync(process.execPath, [fileURLToPath(new URL('../../../tools/scripts/node22.mjs', import.meta.url))], { encoding: 'utf8' }).trim();

async function invoke(events: object[], env: Record<string, string>, runtime = process.execPath) {
  const child = spawn(runtime, [INVOKER, BUNDLE], {
    env: { PATH: process.env.PATH ?? '', POWERTOOLS_DEV: 'false', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(JSON.stringify(events));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`invoker exited ${code}: ${stderr}`);
  const lines = stdout.split('\n').filter(Boolean);
  const results = lines.filter((line) => line.startsWith('RESULT:')).map((line) => JSON.parse(line.slice(7)) as Result);
  const logs = lines.filter((line) => !line.startsWith('RESULT:'));
  return { results, logs, stderr };
}

const credentials = () => ({ QUANTCONNECT_USER_ID: TEST_USER_ID, QUANTCONNECT_API_TOKEN: TEST_API_TOKEN, QUANTCONNECT_API_BASE_URL: fake.baseUrl });

describe('the built Lambda bundle, in a fresh process', () => {
  it('answers initialize, tools/list and tools/call on Node 22, the Lambda runtime', async () => {
    const events = [v1('POST', initialize), v1('POST', rpc(2, 'tools/list')), v1('POST', rpc(3, 'tools/call', { name: 'read_project', arguments: { projectId: 7 } }))];
    const { results } = await invoke(events, credentials(), NODE22);
    const [init, list, call] = results.map((result) => JSON.parse(result.body));
    expect(execFileSync(NODE22, ['--version'], { encoding: 'utf8' })).toMatch(/^v22\./);
    expect(init.result.serverInfo.name).toBe('quantconnect-mcp');
    expect(list.result.tools).toHaveLength(TOOL_COUNT);
    expect(call.result.structuredContent).toEqual(PROJECT);
  }, 60_000);

  it('answers every kind of request', async () => {
    const events = [
      v1('POST', initialize),
      v1('POST', rpc(2, 'tools/list')),
      v1('POST', rpc(3, 'tools/call', { name: 'read_project', arguments: { projectId: 7 } })),
      v1('POST', rpc(undefined, 'notifications/initialized')),
      v1('POST', [rpc(4, 'tools/list'), rpc(5, 'tools/call', { name: 'read_mcp_server_version', arguments: {} })]),
      v1('POST', '{"jsonrpc": "2.0", "id": 6, '),
      v1('GET'),
      v1('OPTIONS'),
      v2('POST', rpc(7, 'tools/call', { name: 'read_project', arguments: { projectId: 7 } }), true),
      v2('DELETE'),
    ];
    const { results, logs } = await invoke(events, credentials());
    const [init, list, call, notification, batch, malformed, get, options, base64, del] = results as Result[];
    const body = (result: Result | undefined) => JSON.parse(result?.body ?? 'null');

    expect(init?.statusCode).toBe(200);
    expect(body(init).result.serverInfo.name).toBe('quantconnect-mcp');
    expect(body(init).result.instructions).toMatch(/Never deploy live/);
    expect(body(list).result.tools).toHaveLength(TOOL_COUNT);
    expect(body(call).result.structuredContent).toEqual(PROJECT);
    expect(notification?.statusCode).toBe(202);
    // A batch is refused before any tool runs (MCP removed batching in 2025-06-18).
    expect(batch?.statusCode).toBe(400);
    expect(body(batch).error).toEqual({ code: -32600, message: 'JSON-RPC batches are not supported (MCP removed them in 2025-06-18): send one message per request.' });
    expect(malformed?.statusCode).toBe(400);
    expect(body(malformed).error.code).toBe(-32700);
    expect(get?.statusCode).toBe(405);
    expect(get?.headers.allow).toBe('POST, OPTIONS');
    // No CORS unless origins are configured: MCP clients are not browsers.
    expect(options?.statusCode).toBe(204);
    expect(options?.headers['access-control-allow-methods']).toBeUndefined();
    expect(call?.headers['access-control-allow-origin']).toBeUndefined();
    expect(body(base64).result.structuredContent).toEqual(PROJECT);
    expect(del?.statusCode).toBe(405);

    // Powertools JSON logs: request id, tool, duration, outcome; never bodies or credentials.
    const entries = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(expect.objectContaining({ message: 'tool call', tool: 'read_project', outcome: 'ok', function_request_id: 'req-3', durationMs: expect.any(Number) }));
    expect(entries).toContainEqual(expect.objectContaining({ message: 'request', methods: 'tools/call', status: 200 }));
    const everything = logs.join('\n');
    for (const secret of [TEST_API_TOKEN, 'Alpha', 'projectId']) expect(everything).not.toContain(secret);
  }, 60_000);

  it('reads the credentials from Secrets Manager through Powertools, cached between requests', async () => {
    let reads = 0;
    const secrets = createServer((req, res) => {
      let target = req.headers['x-amz-target'];
      req.resume().on('end', () => {
        reads += target === 'secretsmanager.GetSecretValue' ? 1 : 0;
        target = undefined;
        res.writeHead(200, { 'content-type': 'application/x-amz-json-1.1' }).end(
          JSON.stringify({ ARN: 'arn:aws:secretsmanager:us-east-1:000000000000:secret:qc', Name: 'qc', SecretString: JSON.stringify({ userId: TEST_USER_ID, apiToken: TEST_API_TOKEN }), VersionId: 'v1' }),
        );
      });
    });
    await new Promise<void>((resolve) => secrets.listen(0, '127.0.0.1', resolve));
    const port = (secrets.address() as AddressInfo).port;
    try {
      const call = v1('POST', rpc(1, 'tools/call', { name: 'read_project', arguments: { projectId: 7 } }));
      // initialize and tools/list need no credentials: the secret (and the AWS SDK) is left alone until a tool call.
      const { results: listed } = await invoke([v1('POST', initialize), v1('POST', rpc(2, 'tools/list'))], {
        QUANTCONNECT_SECRET_ID: 'qc',
        AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}`,
        AWS_REGION: 'us-east-1',
      });
      expect(listed.map((result) => result.statusCode)).toEqual([200, 200]);
      expect(reads).toBe(0);
      const { results, logs } = await invoke([call, call], {
        QUANTCONNECT_SECRET_ID: 'qc',
        QUANTCONNECT_API_BASE_URL: fake.baseUrl,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${port}`,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
      });
      for (const result of results) expect(JSON.parse(result.body).result.structuredContent).toEqual(PROJECT);
      expect(reads).toBe(1);
      expect(logs.join('\n')).not.toContain(TEST_API_TOKEN);
    } finally {
      secrets.close();
    }
  }, 60_000);

  it('without credentials, lists the tools and names what to set', async () => {
    const { results } = await invoke(
      [v1('POST', rpc(1, 'tools/list')), v1('POST', rpc(2, 'tools/call', { name: 'read_account', arguments: {} }))],
      { QUANTCONNECT_API_BASE_URL: fake.baseUrl },
    );
    expect(JSON.parse(results[0]?.body ?? '').result.tools).toHaveLength(TOOL_COUNT);
    const call = JSON.parse(results[1]?.body ?? '').result;
    expect(call.isError).toBe(true);
    expect(call.content[0].text).toMatch(/set QUANTCONNECT_USER_ID and QUANTCONNECT_API_TOKEN/);
  }, 60_000);

  it('answers malformed events with 400 instead of throwing, and bounds what it logs', async () => {
    const events = [
      null,
      {},
      { path: '/mcp', headers: {}, body: '{}' },
      v1('POST', rpc(1, 'tools/list'), { headers: { Host: 'bad host name', 'X-Note': 'caf\u00e9 \u2603', 'Mcp-Protocol-Version': 'bad\r\nvalue' } }),
      v1('POST', rpc(2, 'x'.repeat(1_000_000))),
    ];
    const { results, logs } = await invoke(events as object[], credentials());
    expect(results.map((result) => result.statusCode)).toEqual([400, 400, 400, 200, 200]);
    expect(JSON.parse(results[0]?.body ?? '').error.message).toBe('Not an HTTP request: this function answers API Gateway and function URL events (POST /mcp).');
    expect(JSON.parse(results[3]?.body ?? '').result.tools).toHaveLength(TOOL_COUNT);
    // A client-chosen method of 1 MB is logged as "other".
    for (const line of logs) expect(line.length).toBeLessThan(2_000);
    expect(logs.some((line) => JSON.parse(line).methods === 'other')).toBe(true);
  }, 60_000);

  it('logs the calling API key with every tool call', async () => {
    const call = v1('POST', rpc(1, 'tools/call', { name: 'read_project', arguments: { projectId: 7 } }), { requestContext: { requestId: 'r', identity: { apiKeyId: 'key-123' } } });
    const { logs } = await invoke([call], credentials());
    const entries = logs.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries).toContainEqual(expect.objectContaining({ message: 'tool call', tool: 'read_project', caller: 'key-123' }));
    expect(entries).toContainEqual(expect.objectContaining({ message: 'request', caller: 'key-123' }));
  }, 60_000);

  it('a secret that cannot be read: the log says why, the caller is told the truth, nothing is sent', async () => {
    const secrets = createServer((req, res) =>
      req.resume().on('end', () =>
        res
          .writeHead(400, { 'content-type': 'application/x-amz-json-1.1', 'x-amzn-errortype': 'AccessDeniedException' })
          .end(JSON.stringify({ __type: 'AccessDeniedException', message: 'User is not authorized to perform: secretsmanager:GetSecretValue' })),
      ),
    );
    await new Promise<void>((resolve) => secrets.listen(0, '127.0.0.1', resolve));
    const before = fake.requests.length;
    try {
      const { results, logs, stderr } = await invoke([v1('POST', rpc(1, 'tools/call', { name: 'read_project', arguments: { projectId: 7 } }))], {
        QUANTCONNECT_SECRET_ID: 'qc',
        QUANTCONNECT_API_BASE_URL: fake.baseUrl,
        AWS_ENDPOINT_URL_SECRETS_MANAGER: `http://127.0.0.1:${(secrets.address() as AddressInfo).port}`,
        AWS_REGION: 'us-east-1',
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_MAX_ATTEMPTS: '1',
      });
      const result = JSON.parse(results[0]?.body ?? '').result;
      expect(result.isError).toBe(true);
      expect(result.content[0].text).toBe(
        'read_project could not run: the QuantConnect credentials could not be loaded (the secret qc could not be read (AccessDeniedException: User is not authorized to perform: secretsmanager:GetSecretValue)). Nothing was sent. This is a deployment problem: tell whoever runs this server.',
      );
      // Powertools writes errors to stderr.
      const lines = [...logs, ...stderr.split('\n').filter((line) => line.startsWith('{'))];
      const entry = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.message === 'Could not read the QuantConnect credentials secret');
      expect(entry).toMatchObject({ secretId: 'qc', reason: 'AccessDeniedException', detail: 'User is not authorized to perform: secretsmanager:GetSecretValue' });
      expect(fake.requests.length).toBe(before);
    } finally {
      secrets.close();
    }
  }, 60_000);

  it('an upstream body that echoes the request headers comes back without any form of the credentials', async () => {
    const echo = await startFakeQuantConnect({
      '/projects/read': (request, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: true, echo: request.headers })),
    });
    try {
      const { results, logs } = await invoke([v1('POST', rpc(1, 'tools/call', { name: 'read_project', arguments: { projectId: 7 } }))], { ...credentials(), QUANTCONNECT_API_BASE_URL: echo.baseUrl });
      const sent = echo.requests[0]?.headers.authorization as string;
      const encoded = sent.slice('Basic '.length);
      const hash = Buffer.from(encoded, 'base64').toString().split(':')[1] as string;
      const everything = JSON.stringify(results) + logs.join('\n');
      for (const form of [TEST_API_TOKEN, sent, encoded, hash]) expect(everything).not.toContain(form);
      expect(everything).toContain('[redacted]');
    } finally {
      await echo.close();
    }
  }, 60_000);
});
