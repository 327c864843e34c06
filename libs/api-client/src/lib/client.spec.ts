import nock from 'nock';
import { getEventListeners } from 'node:events';
import { createServer as createHttpServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { brotliCompressSync, deflateSync, gzipSync } from 'node:zlib';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { FIXED_NOW_MS, realResponses, TEST_API_TOKEN, TEST_USER_ID } from '../testing/index.js';
import { authHeaders } from './auth.js';
import { checkBaseUrl, createClient, type ClientConfig } from './client.js';
import {
  MissingCredentialsError,
  QuantConnectApiError,
  QuantConnectCancelledError,
  QuantConnectHttpError,
  QuantConnectLocalError,
  QuantConnectNetworkError,
  QuantConnectRedirectError,
  QuantConnectResponseTooLargeError,
  QuantConnectTimeoutError,
  QuantConnectUnreadableResponseError,
} from './errors.js';

const BASE = 'https://qc.test';
const expectedAuth = authHeaders(TEST_USER_ID, TEST_API_TOKEN, FIXED_NOW_MS / 1000);

function client(overrides: Partial<ClientConfig> = {}) {
  const sleeps: number[] = [];
  const qc = createClient({
    userId: TEST_USER_ID,
    apiToken: TEST_API_TOKEN,
    baseUrl: `${BASE}/api/v2`,
    now: () => FIXED_NOW_MS,
    random: () => 0.5,
    sleep: async (ms) => void sleeps.push(ms),
    ...overrides,
  });
  return { qc, sleeps };
}

const api = () =>
  nock(BASE)
    .matchHeader('timestamp', '1700000000')
    .matchHeader('authorization', expectedAuth.Authorization as string);

beforeAll(() => nock.disableNetConnect());
afterEach(() => {
  nock.cleanAll();
  vi.restoreAllMocks();
});

describe('authentication', () => {
  it('signs each request with the timestamp and a hash of the token, never the token itself', () => {
    const { Authorization, Timestamp } = authHeaders('42', 'secret', 1_700_000_000);
    expect(Timestamp).toBe('1700000000');
    // base64("42:" + sha256("secret:1700000000"))
    const decoded = Buffer.from(Authorization.replace('Basic ', ''), 'base64').toString();
    expect(decoded).toMatch(/^42:[0-9a-f]{64}$/);
    expect(decoded).not.toContain('secret');
  });

  it('matches a known-answer vector computed outside this code (sha256sum and base64 from coreutils)', () => {
    // printf 'secret:1700000000' | sha256sum; then base64 of "42:<that hex>"
    expect(authHeaders('42', 'secret', 1_700_000_000)).toEqual({
      Authorization: 'Basic NDI6NGIyYjQ4ZWMzNWZhMzhhYTNlMmJlNDRmNDhhNmFmN2MyMGI3ZmQ2MzNlODY2Yjc2NDIzOTUyMjRiYmM2YzcyMQ==',
      Timestamp: '1700000000',
    });
  });

  it('sends the computed headers, the JSON body, to the configured base URL', async () => {
    const scope = api().post('/api/v2/projects/read', { projectId: 7 }).reply(200, { projects: [], success: true });
    const { qc } = client();
    await expect(qc.call('/projects/read', { projectId: 7 }, { retry: true })).resolves.toEqual({ projects: [], success: true });
    expect(scope.isDone()).toBe(true);
  });

  it('names the missing variables and sends nothing when credentials are absent', async () => {
    const { qc } = client({ userId: undefined, apiToken: '' });
    expect(qc.missingCredentials).toEqual(['QUANTCONNECT_USER_ID', 'QUANTCONNECT_API_TOKEN']);
    const failure = qc.call('/account/read', {}, { retry: true });
    await expect(failure).rejects.toBeInstanceOf(MissingCredentialsError);
    await expect(failure).rejects.toThrow('set QUANTCONNECT_USER_ID and QUANTCONNECT_API_TOKEN');
  });
});

describe('reading answers leniently', () => {
  it.each(Object.entries(realResponses).filter(([name]) => !name.startsWith('error-')))('accepts the recorded %s body as it is', async (_, body) => {
    api().post('/api/v2/any').reply(200, body as nock.Body);
    const { qc } = client();
    await expect(qc.call('/any', {}, { retry: true })).resolves.toEqual(body);
  });

  it.each([
    ['error-bad-hash', /Hash doesn't match/, true],
    ['error-messages-array', /./, false],
    ['error-internal-Message', /./, false],
    ['error-plain-false', /without a reason/, false],
    ['error-compile-not-ready', /./, false],
  ])('turns the HTTP 200 failure body %s into an API error', async (name, message, auth) => {
    api().post('/api/v2/any').reply(200, realResponses[name] as nock.Body);
    const { qc } = client();
    const error = await qc.call('/any', {}, { retry: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QuantConnectApiError);
    expect((error as Error).message).toMatch(message);
    expect((error as QuantConnectApiError).isAuthFailure).toBe(auth);
  });
});

describe('HTTP failures and retries', () => {
  it('retries an idempotent call after 429, honouring Retry-After', async () => {
    api().post('/api/v2/projects/read').reply(429, { errors: ['slow down'] }, { 'Retry-After': '2' });
    api().post('/api/v2/projects/read').reply(200, { success: true });
    const { qc, sleeps } = client();
    await expect(qc.call('/projects/read', {}, { retry: true })).resolves.toEqual({ success: true });
    expect(sleeps).toEqual([2000]);
  });

  it('never retries a call that is not idempotent', async () => {
    const scope = api().post('/api/v2/backtests/create').once().reply(429, {}, { 'Retry-After': '1' });
    const { qc, sleeps } = client();
    const error = await qc.call('/backtests/create', {}, { retry: false }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QuantConnectHttpError);
    expect((error as QuantConnectHttpError).status).toBe(429);
    expect(sleeps).toEqual([]);
    expect(scope.isDone()).toBe(true);
  });

  it('gives up after the retry budget with exponential, jittered backoff', async () => {
    api().post('/api/v2/x').times(3).reply(503, 'busy');
    const { qc, sleeps } = client();
    const error = await qc.call('/x', {}, { retry: true }).catch((caught: unknown) => caught);
    expect((error as QuantConnectHttpError).status).toBe(503);
    expect(sleeps).toEqual([225, 450]);
  });

  it('does not retry a 500 and reports a 401 as an authentication failure', async () => {
    api().post('/api/v2/x').once().reply(500, { errors: ['boom'] });
    api().post('/api/v2/y').once().reply(401, { errors: ['Unauthorized'] });
    const { qc, sleeps } = client();
    await expect(qc.call('/x', {}, { retry: true })).rejects.toMatchObject({ status: 500, errors: ['boom'] });
    await expect(qc.call('/y', {}, { retry: true })).rejects.toMatchObject({ status: 401, isAuthFailure: true });
    expect(sleeps).toEqual([]);
  });

  it('retries network errors for idempotent calls and reports them', async () => {
    api().post('/api/v2/x').times(3).replyWithError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
    const { qc, sleeps } = client();
    await expect(qc.call('/x', {}, { retry: true })).rejects.toBeInstanceOf(QuantConnectNetworkError);
    expect(sleeps).toHaveLength(2);
  });

  it('reports a body that is not JSON, quoting a short plain-text snippet', async () => {
    api().post('/api/v2/x').reply(200, '<html><body><h1>Maintenance</h1></body></html>', { 'Content-Type': 'text/html' });
    const { qc } = client();
    const error = await qc.call('/x', {}, { retry: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QuantConnectUnreadableResponseError);
    expect((error as Error).message).toContain('text/html');
    expect((error as Error).message).toContain('Maintenance');
    expect((error as Error).message).not.toContain('<h1>');
  });

  it('turns an HTML error page with an error status into an HTTP error', async () => {
    api().post('/api/v2/x').reply(502, '<html>Bad gateway</html>');
    const { qc } = client();
    await expect(qc.call('/x', {}, { retry: false })).rejects.toMatchObject({ status: 502, errors: ['Bad gateway'] });
  });
});

describe('time limits and cancellation', () => {
  it('ends a call that takes longer than its time limit', async () => {
    api().post('/api/v2/slow').delay(2_000).reply(200, {});
    const { qc } = client({ sleep: undefined });
    const started = Date.now();
    await expect(qc.call('/slow', {}, { retry: false, timeoutMs: 150 })).rejects.toBeInstanceOf(QuantConnectTimeoutError);
    expect(Date.now() - started).toBeLessThan(1_500);
  });

  it('stops when the caller cancels', async () => {
    api().post('/api/v2/slow').delay(2_000).reply(200, {});
    const { qc } = client();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(qc.call('/slow', {}, { retry: true, signal: controller.signal })).rejects.toBeInstanceOf(QuantConnectCancelledError);
  });
});

describe('the deadline and the caller\'s signal, exactly', () => {
  it('sends nothing for a call whose signal is already aborted', async () => {
    const scope = api().post('/api/v2/x').reply(200, { success: true });
    const controller = new AbortController();
    controller.abort();
    await expect(client().qc.call('/x', {}, { retry: true, signal: controller.signal })).rejects.toBeInstanceOf(QuantConnectCancelledError);
    expect(scope.isDone()).toBe(false);
  });

  it('leaves no timer behind once a call is answered, so a process can exit', async () => {
    api().post('/api/v2/x').reply(200, { success: true });
    const timers = () => process.getActiveResourcesInfo().filter((kind) => kind === 'Timeout').length;
    const before = timers();
    await client().qc.call('/x', {}, { retry: false, timeoutMs: 60_000 });
    expect(timers()).toBe(before);
  });

  it('leaves no listener on the caller\'s signal once a call is done, however many calls share it', async () => {
    api().post('/api/v2/x').times(12).reply(200, { success: true });
    const controller = new AbortController();
    for (let index = 0; index < 12; index += 1) await client().qc.call('/x', {}, { retry: false, signal: controller.signal });
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });

  it('the authorization redirect keeps its time limit', async () => {
    api().post('/api/v2/live/auth0/authorize').delay(2_000).reply(302, '', { Location: 'https://broker.example/a' });
    await expect(client({ sleep: undefined }).qc.redirectLocation('/live/auth0/authorize', {}, { timeoutMs: 100 })).rejects.toBeInstanceOf(QuantConnectTimeoutError);
  });

  it('sends a path given with any number of leading slashes to the same place under the base', async () => {
    const scope = api().post('/api/v2/projects/read').times(2).reply(200, { success: true });
    await client().qc.call('/projects/read', {}, { retry: false });
    await client().qc.call('//projects/read', {}, { retry: false });
    expect(scope.isDone()).toBe(true);
  });

  it('names what failed before sending, shortened, whatever was thrown', async () => {
    const thrown = (value: unknown) => ({ toJSON: () => { throw value; } });
    const stringly = (await client().qc.call('/x', thrown('no JSON for this'), { retry: false }).catch((caught: unknown) => caught)) as QuantConnectLocalError;
    expect(stringly).toBeInstanceOf(QuantConnectLocalError);
    expect(stringly.detail).toBe('no JSON for this');
    const long = (await client().qc.call('/x', thrown(new RangeError('x'.repeat(300))), { retry: false }).catch((caught: unknown) => caught)) as QuantConnectLocalError;
    expect(long.detail).toBe(`RangeError: ${'x'.repeat(188)}`);
  });
});

describe('other encodings', () => {
  it('sends multipart/form-data when asked', async () => {
    let received = '';
    api()
      .post('/api/v2/object/set', (body) => {
        received = String(body);
        return true;
      })
      .matchHeader('content-type', /^multipart\/form-data; boundary=/)
      .reply(200, { success: true });
    const { qc } = client();
    await qc.call('/object/set', { organizationId: 'org', key: 'k', objectData: new Blob(['hello']) }, { retry: true, encoding: 'multipart' });
    expect(received).toContain('name="key"');
    expect(received).toContain('hello');
  });

  it('returns the Location of a redirect without following it', async () => {
    api().post('/api/v2/live/auth0/authorize', { brokerage: 'alpaca' }).reply(302, '', { Location: 'https://broker.example/authorize?x=1' });
    const { qc } = client();
    await expect(qc.redirectLocation('/live/auth0/authorize', { brokerage: 'alpaca' }, {})).resolves.toBe('https://broker.example/authorize?x=1');
  });
});

describe('waiting between retries', () => {
  it('waits for real between attempts when no sleep is injected', async () => {
    api().post('/api/v2/x').reply(503, 'busy');
    api().post('/api/v2/x').reply(200, { success: true });
    const { qc } = client({ sleep: undefined, retry: { baseDelayMs: 5 } });
    await expect(qc.call('/x', {}, { retry: true })).resolves.toEqual({ success: true });
  });

  it('honours Retry-After given as an HTTP date', async () => {
    api().post('/api/v2/x').reply(429, {}, { 'Retry-After': new Date(FIXED_NOW_MS + 3_000).toUTCString() });
    api().post('/api/v2/x').reply(200, {});
    const { qc, sleeps } = client();
    await qc.call('/x', {}, { retry: true });
    expect(sleeps).toEqual([3000]);
  });

  it('stops waiting when the caller cancels during a back-off', async () => {
    api().post('/api/v2/x').reply(429, {}, { 'Retry-After': '60' });
    const { qc } = client({ sleep: undefined });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    await expect(qc.call('/x', {}, { retry: true, signal: controller.signal })).rejects.toBeInstanceOf(QuantConnectCancelledError);
  });
});

describe('redirects', () => {
  it('reports a failure body instead of a redirect', async () => {
    api().post('/api/v2/live/auth0/authorize').reply(200, { success: false, errors: ['Unsupported brokerage'] });
    const { qc } = client();
    await expect(qc.redirectLocation('/live/auth0/authorize', {}, {})).rejects.toThrow('Unsupported brokerage');
  });

  it('reports a success answer that is not a redirect', async () => {
    api().post('/api/v2/live/auth0/authorize').reply(200, { success: true });
    const { qc } = client();
    await expect(qc.redirectLocation('/live/auth0/authorize', {}, {})).rejects.toThrow(/expected a redirect/);
  });
});

describe('the upstream edge', () => {
  it('never follows a redirect: one request, and the error says where it pointed (no query)', async () => {
    const scope = api().post('/api/v2/files/update').reply(307, '', { location: 'https://elsewhere.example/steal?token=1' });
    const other = nock('https://elsewhere.example').post('/steal').query(true).reply(200, { success: true });
    const error = await client().qc.call('/files/update', { content: 'strategy code' }, { retry: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QuantConnectRedirectError);
    expect((error as Error).message).toBe(
      'QuantConnect answered HTTP 307 with a redirect to https://elsewhere.example/steal. Redirects are not followed: they could carry the request, and the code in it, to another address. Check QUANTCONNECT_API_BASE_URL.',
    );
    expect(scope.isDone()).toBe(true);
    expect(other.isDone()).toBe(false);
  });

  it('refuses an answer whose declared size is over the cap without reading it', async () => {
    api().post('/api/v2/x').reply(200, '{}', { 'content-length': String(64 * 1024 * 1024) });
    await expect(client({ maxResponseBytes: 1_024 }).qc.call('/x', {}, { retry: true })).rejects.toThrow(
      "QuantConnect's answer is larger than 1024 bytes (QUANTCONNECT_MAX_RESPONSE_BYTES), so it was not read.",
    );
  });

  it('stops reading an undeclared answer once it passes the cap, and does not retry it', async () => {
    const big = JSON.stringify({ data: 'x'.repeat(10_000) });
    const scope = api().post('/api/v2/x').reply(200, () => Readable.from([big.slice(0, 5_000), big.slice(5_000)]), { 'transfer-encoding': 'chunked' });
    const error = await client({ maxResponseBytes: 4_096 }).qc.call('/x', {}, { retry: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QuantConnectResponseTooLargeError);
    expect(scope.isDone()).toBe(true);
  });

  it('reads an answer just under the cap', async () => {
    const body = { data: 'y'.repeat(900) };
    api().post('/api/v2/x').reply(200, body);
    await expect(client({ maxResponseBytes: 1_024 }).qc.call('/x', {}, { retry: true })).resolves.toEqual(body);
  });

  it.each([
    ['http://qc.example/api/v2', 'must use https (plain http only to localhost), got http://qc.example'],
    ['https://user:pass@qc.example/api/v2', 'must not contain a user name or password'],
    ['qc.example', 'is not a URL'],
  ])('refuses the base URL %s', (url, message) => {
    expect(() => checkBaseUrl(url)).toThrow(message);
    expect(() => createClient({ baseUrl: url })).toThrow(message);
  });

  it.each(['https://www.quantconnect.com/api/v2/', 'http://127.0.0.1:9/api/v2', 'http://localhost:8/api/v2', 'http://[::1]:7/api/v2'])('accepts %s', (url) => {
    expect(checkBaseUrl(url)).toBe(url.replace(/\/$/, ''));
  });

  it('remembers every form of the signature it sent, for redaction', async () => {
    api().post('/api/v2/x').reply(200, { success: true });
    const { qc } = client();
    await qc.call('/x', {}, { retry: true });
    const encoded = (expectedAuth.Authorization as string).slice('Basic '.length);
    const decoded = Buffer.from(encoded, 'base64').toString();
    expect(qc.sentSecrets()).toEqual([expectedAuth.Authorization, encoded, decoded, decoded.split(':')[1]]);
  });

  it('a refused connection is a network error that never reached QuantConnect; a reset may have', () => {
    expect(new QuantConnectNetworkError('connect ECONNREFUSED', 'ECONNREFUSED').mayHaveReachedQuantConnect).toBe(false);
    expect(new QuantConnectNetworkError('socket hang up', 'ECONNRESET').mayHaveReachedQuantConnect).toBe(true);
    expect(new QuantConnectNetworkError('fetch failed').mayHaveReachedQuantConnect).toBe(true);
  });
});

describe('the edges of the client, one boundary at a time', () => {
  it('remembers the signatures of the last 64 requests only (4 forms each)', async () => {
    let clock = FIXED_NOW_MS;
    const seen: string[] = [];
    nock(BASE)
      .post('/api/v2/x')
      .times(71)
      .reply(function reply() {
        seen.push(this.req.headers.authorization as string);
        return [200, { success: true }];
      });
    const { qc } = client({ now: () => (clock += 1_000) });
    for (let index = 0; index < 71; index += 1) await qc.call('/x', {}, { retry: false });
    expect(new Set(seen).size).toBe(71);
    expect(qc.sentSecrets()).toHaveLength(256);
    expect(qc.sentSecrets()).toContain(seen[70]);
    expect(qc.sentSecrets()).toContain(seen[7]);
    expect(qc.sentSecrets()).not.toContain(seen[6]);
  });

  it('sends JSON with its content type, and no body at all without one', async () => {
    const withBody = nock(BASE, { reqheaders: { 'content-type': 'application/json' } }).post('/api/v2/a', '{"k":1}').reply(200, { success: true });
    const without = nock(BASE, { badheaders: ['content-type'] }).post('/api/v2/b', (body) => body === '' || body === undefined).reply(200, { success: true });
    const { qc } = client();
    await qc.call('/a', { k: 1 }, { retry: false });
    await qc.call('/b', undefined, { retry: false });
    expect(withBody.isDone() && without.isDone()).toBe(true);
  });

  it('tells a local fault (nothing sent) from a connection failure (maybe sent)', async () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    const local = await client().qc.call('/x', circular, { retry: false }).catch((caught: unknown) => caught);
    expect(local).toBeInstanceOf(QuantConnectLocalError);
    expect((local as Error).message).toMatch(/^The request could not be sent \(TypeError: Converting circular structure to JSON[^)]*\)\. Nothing reached QuantConnect\.$/);
    // As Node reports them: Errors with a system code.
    const failing = async (error: string | { code: string; message: string }) => {
      api().post('/api/v2/x').replyWithError(typeof error === 'string' ? error : Object.assign(new Error(error.message), { code: error.code }));
      return (await client().qc.call('/x', {}, { retry: false }).catch((caught: unknown) => caught)) as QuantConnectNetworkError;
    };
    const refused = await failing({ code: 'ECONNREFUSED', message: 'connect ECONNREFUSED 127.0.0.1:9' });
    expect(refused).toBeInstanceOf(QuantConnectNetworkError);
    expect({ detail: refused.detail, code: refused.code, reached: refused.mayHaveReachedQuantConnect }).toEqual({ detail: 'connect ECONNREFUSED 127.0.0.1:9', code: 'ECONNREFUSED', reached: false });
    const reset = await failing({ code: 'ECONNRESET', message: 'socket hang up' });
    expect({ detail: reset.detail, code: reset.code, reached: reset.mayHaveReachedQuantConnect }).toEqual({ detail: 'socket hang up', code: 'ECONNRESET', reached: true });
    const plain = await failing('something broke');
    expect({ detail: plain.detail, code: plain.code, reached: plain.mayHaveReachedQuantConnect }).toEqual({ detail: 'something broke', code: undefined, reached: true });
  });

  it('a connection closed part-way through an answer is a network error that may have reached QuantConnect', async () => {
    const server = createHttpServer((req, res) => {
      req.resume();
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': '100' });
      res.write('{"success": tr', () => res.destroy());
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    nock.enableNetConnect('127.0.0.1');
    try {
      const { port } = server.address() as AddressInfo;
      const error = (await client({ baseUrl: `http://127.0.0.1:${port}/api/v2` }).qc.call('/x', {}, { retry: false }).catch((caught: unknown) => caught)) as QuantConnectNetworkError;
      expect(error).toBeInstanceOf(QuantConnectNetworkError);
      expect(error.mayHaveReachedQuantConnect).toBe(true);
    } finally {
      nock.disableNetConnect();
      server.closeAllConnections();
      server.close();
    }
  });

  it.each([
    ['gzip', gzipSync],
    ['deflate', deflateSync],
    ['br', brotliCompressSync],
  ] as const)('reads an answer compressed with %s, and caps it by its decoded size', async (encoding, compress) => {
    const body = { success: true, data: 'z'.repeat(5_000) };
    const packed = compress(Buffer.from(JSON.stringify(body)));
    const sentEncodings: string[] = [];
    nock(BASE)
      .post('/api/v2/x')
      .times(2)
      .reply(function reply() {
        sentEncodings.push(String(this.req.headers['accept-encoding']));
        return [200, packed, { 'content-encoding': encoding, 'content-type': 'application/json' }];
      });
    expect(packed.byteLength).toBeLessThan(1_000);
    await expect(client().qc.call('/x', {}, { retry: false })).resolves.toEqual(body);
    await expect(client({ maxResponseBytes: 4_096 }).qc.call('/x', {}, { retry: true })).rejects.toBeInstanceOf(QuantConnectResponseTooLargeError);
    expect(sentEncodings).toEqual(['gzip, deflate, br', 'gzip, deflate, br']);
  });

  it('treats 300 to 399 as redirects and 299 and 400 as answers', async () => {
    const status = async (code: number) => {
      api().post('/api/v2/s').reply(code, { success: true }, { location: 'https://elsewhere.example/p?q=1' });
      return client().qc.call('/s', {}, { retry: false }).then(() => 'ok', (error: unknown) => (error as Error).constructor.name);
    };
    expect(await status(299)).toBe('ok');
    expect(await status(300)).toBe('QuantConnectRedirectError');
    expect(await status(399)).toBe('QuantConnectRedirectError');
    expect(await status(400)).toBe('QuantConnectHttpError');
  });

  it('names a redirect without a Location, or with an unreadable one, and a relative one against the base', async () => {
    const target = async (location?: string) => {
      api().post('/api/v2/r').reply(302, '', location === undefined ? {} : { location });
      return ((await client().qc.call('/r', {}, { retry: false }).catch((error: unknown) => error)) as QuantConnectRedirectError).target;
    };
    expect(await target()).toBe('(no Location header)');
    expect(await target('http://[bad')).toBe('(an invalid Location header)');
    expect(await target('/login?next=1')).toBe('https://qc.test/login');
  });

  it('the authorization redirect: 300-399 with a Location only, sent once even on 503', async () => {
    const location = async (code: number, headers: Record<string, string>) => {
      api().post('/api/v2/live/auth0/authorize', '{"brokerage":"x"}').reply(code, '{}', headers);
      return client().qc.redirectLocation('/live/auth0/authorize', { brokerage: 'x' }, {}).catch((error: unknown) => (error as Error).message);
    };
    expect(await location(300, { location: 'https://auth.example/a' })).toBe('https://auth.example/a');
    expect(await location(399, { location: 'https://auth.example/b' })).toBe('https://auth.example/b');
    expect(await location(302, {})).toBe('QuantConnect answered HTTP 302');
    expect(await location(200, { location: 'https://auth.example/c' })).toBe('QuantConnect answered HTTP 200: expected a redirect to the authorization page, but none came');
    expect(await location(400, { location: 'https://auth.example/d' })).toBe('QuantConnect answered HTTP 400');
    const once = api().post('/api/v2/live/auth0/authorize').once().reply(503, '{}');
    const again = api().post('/api/v2/live/auth0/authorize').reply(200, '{}');
    await client({ retry: { baseDelayMs: 1 } }).qc.redirectLocation('/live/auth0/authorize', {}, {}).catch(() => undefined);
    expect(once.isDone()).toBe(true);
    expect(again.isDone()).toBe(false);
  });

  it('reads an answer of exactly the cap, declared or streamed', async () => {
    const body = JSON.stringify({ d: 'z'.repeat(1_000) });
    api().post('/api/v2/x').reply(200, body, { 'content-length': String(Buffer.byteLength(body)) });
    await expect(client({ maxResponseBytes: Buffer.byteLength(body) }).qc.call('/x', {}, { retry: false })).resolves.toEqual(JSON.parse(body));
    api().post('/api/v2/y').reply(200, () => Readable.from([body.slice(0, 500), body.slice(500)]), { 'transfer-encoding': 'chunked' });
    await expect(client({ maxResponseBytes: Buffer.byteLength(body) }).qc.call('/y', {}, { retry: false })).resolves.toEqual(JSON.parse(body));
  });

  it('checks every part of the base URL', () => {
    expect(() => checkBaseUrl('https://user@qc.example/api/v2')).toThrow('must not contain a user name or password');
    expect(() => checkBaseUrl('https://:secret@qc.example/api/v2')).toThrow('must not contain a user name or password');
    expect(() => checkBaseUrl('ftp://localhost/api/v2')).toThrow('must use https (plain http only to localhost), got ftp://localhost');
    expect(checkBaseUrl('https://qc.example/api/v2///')).toBe('https://qc.example/api/v2');
  });

  it('the default wait between retries honours cancellation, before and during the wait', async () => {
    const real = (signal?: AbortSignal) => {
      const { qc } = client({ sleep: undefined, retry: { baseDelayMs: 10_000, maxDelayMs: 10_000 } });
      return qc.call('/slow', {}, { retry: true, signal }).catch((error: unknown) => error);
    };
    api().post('/api/v2/slow').reply(503, {});
    const controller = new AbortController();
    const started = Date.now();
    const pending = real(controller.signal);
    setTimeout(() => controller.abort(), 100);
    expect(await pending).toBeInstanceOf(QuantConnectCancelledError);
    expect(Date.now() - started).toBeLessThan(3_000);
  });
});
