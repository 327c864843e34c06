import { createClient } from '@qc-mcp/api-client';
import { startFakeQuantConnect, TEST_API_TOKEN, TEST_USER_ID, type FakeRoute } from '@qc-mcp/api-client/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, textOf } from '../testing/harness.js';

/**
 * One tool per class: a read, an idempotent update, a create, a delete, and the live-trading writes
 * (liquidate and stop are idempotent by their hints, yet must never be sent twice).
 */
const CLASSES = [
  { tool: 'read_project', path: '/projects/read', args: { projectId: 1 }, retried: true, check: '' },
  { tool: 'update_project', path: '/projects/update', args: { projectId: 1, name: 'n' }, retried: true, check: 'read_project' },
  { tool: 'create_backtest', path: '/backtests/create', args: { projectId: 1, compileId: 'c', backtestName: 'b', waitSeconds: 0 }, retried: false, check: 'list_backtests' },
  { tool: 'delete_project', path: '/projects/delete', args: { projectId: 1 }, retried: false, check: 'list_projects' },
  { tool: 'create_live_command', path: '/live/commands/create', args: { projectId: 1, command: { action: 'buy' } }, retried: false, check: 'read_live_logs' },
  { tool: 'liquidate_live_algorithm', path: '/live/update/liquidate', args: { projectId: 1 }, retried: false, check: 'read_live_algorithm' },
  { tool: 'stop_live_algorithm', path: '/live/update/stop', args: { projectId: 1 }, retried: false, check: 'read_live_algorithm' },
] as const;

/** The per-call limit when the fault is a slow reply; the other faults get a generous one, so a loaded machine cannot turn them into timeouts. */
const TIMEOUT_MS = 400;
const GENEROUS_TIMEOUT_MS = 5_000;
const ATTEMPTS = 3;
const json = (status: number, body: unknown, headers: Record<string, string> = {}): FakeRoute => (_request, res) =>
  void res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(body));

/** Each fault: how the fake answers, what the caller must read, and whether a retry may fix it. */
const FAULTS: { name: string; route: FakeRoute; text: RegExp; retryable: boolean; timeoutMs?: number }[] = [
  { name: 'a reply slower than the timeout', route: (_request, res) => void setTimeout(() => res.end('{}'), 3_000), text: /did not answer .* within 400 ms/, retryable: false, timeoutMs: TIMEOUT_MS },
  { name: '429 with Retry-After', route: json(429, { errors: ['Too many requests'] }, { 'retry-after': '0' }), text: /limiting the request rate \(HTTP 429\)/, retryable: true },
  { name: '500', route: json(500, { errors: ['Internal error'] }), text: /HTTP 500 .*temporary fault, or invalid credentials/, retryable: false },
  { name: '502', route: json(502, {}), text: /unavailable right now \(HTTP 502\)/, retryable: true },
  { name: '503', route: json(503, {}), text: /unavailable right now \(HTTP 503\)/, retryable: true },
  { name: '504', route: json(504, {}), text: /unavailable right now \(HTTP 504\)/, retryable: true },
  { name: 'a redirect elsewhere', route: (_request, res) => void res.writeHead(307, { location: 'https://elsewhere.example/x?y=1' }).end(), text: /redirect to https:\/\/elsewhere\.example\/x\. Redirects are not followed/, retryable: false },
  { name: 'a reset connection', route: (_request, res) => void res.socket?.destroy(), text: /Could not reach QuantConnect at http:\/\/127\.0\.0\.1/, retryable: true },
  { name: 'invalid JSON', route: (_request, res) => void res.writeHead(200, { 'content-type': 'application/json' }).end('{"success": tr'), text: /body that is not JSON \(HTTP 200, application\/json\)/, retryable: false },
  { name: 'an HTML page', route: (_request, res) => void res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>Down for maintenance</body></html>'), text: /not JSON \(HTTP 200, text\/html\): Down for maintenance/, retryable: false },
  { name: 'an answer over the size cap', route: (_request, res) => void res.writeHead(200, { 'content-type': 'application/json', 'content-length': String(64 * 1024 * 1024) }).end(), text: /answer is larger than 33554432 bytes/, retryable: false },
  { name: 'success: false', route: json(200, { success: false, errors: ['Project not found'] }), text: /could not complete .*: Project not found/, retryable: false },
];

let fake: Awaited<ReturnType<typeof startFakeQuantConnect>>;
let current: FakeRoute = json(200, { success: true });
beforeAll(async () => {
  const routes = Object.fromEntries(CLASSES.map(({ path }) => [path, ((request, res) => current(request, res)) as FakeRoute]));
  fake = await startFakeQuantConnect(routes);
});
afterAll(() => fake.close());

describe.each(FAULTS)('fault: $name', ({ route, text, retryable, timeoutMs = GENEROUS_TIMEOUT_MS }) => {
  it.each(CLASSES)('$tool ends within its bound with the right error, sent again only when its policy allows', async ({ tool, path, args, retried, check }) => {
    current = route;
    const client = createClient({ userId: TEST_USER_ID, apiToken: TEST_API_TOKEN, baseUrl: fake.baseUrl, timeoutMs, retry: { baseDelayMs: 5, maxDelayMs: 20 } });
    const { mcp, close } = await connect({ client, timeoutMs, baseUrl: fake.baseUrl, liveTrading: 'on' });
    const before = fake.requests.filter((request) => request.path === path).length;
    const started = performance.now();
    const result = await mcp.callTool({ name: tool, arguments: args });
    const elapsed = performance.now() - started;
    await close();
    const sent = fake.requests.filter((request) => request.path === path).length - before;

    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(text);
    expect(elapsed).toBeLessThan(timeoutMs + 1_000);
    expect(sent).toBe(retried && retryable ? ATTEMPTS : 1);
    // Any write whose request reached QuantConnect and failed may have taken effect; the text says how to check.
    const reachedAndFailedOpenly = /could not complete|not JSON|Redirects are not followed/.test(textOf(result)) === false;
    if (check && reachedAndFailedOpenly) expect(textOf(result)).toContain(`It may still have taken effect on QuantConnect: check with ${check} before calling again.`);
    if (!check) expect(textOf(result)).not.toContain('may still have taken effect');
  });
});

describe('recovery', () => {
  it('an idempotent read succeeds when QuantConnect recovers within the retries', async () => {
    let calls = 0;
    current = (request, res) => (++calls < 3 ? json(503, {})(request, res) : json(200, { projects: [], success: true })(request, res));
    const client = createClient({ userId: TEST_USER_ID, apiToken: TEST_API_TOKEN, baseUrl: fake.baseUrl, retry: { baseDelayMs: 5 } });
    const { mcp, close } = await connect({ client });
    const result = await mcp.callTool({ name: 'read_project', arguments: { projectId: 1 } });
    await close();
    expect(result.isError).toBeFalsy();
    expect(calls).toBe(3);
  });
});
