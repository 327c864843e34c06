import { formDataBodySerializer, jsonBodySerializer } from '../generated/core/bodySerializer.gen.js';
import { authHeaders } from './auth.js';
import {
  MissingCredentialsError,
  QuantConnectCancelledError,
  QuantConnectError,
  QuantConnectHttpError,
  QuantConnectLocalError,
  QuantConnectRedirectError,
  QuantConnectTimeoutError,
} from './errors.js';
import { readResponse } from './read-response.js';
import { post } from './transport.js';

export const DEFAULT_BASE_URL = 'https://www.quantconnect.com/api/v2';
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Answers larger than this are refused without being read whole (a 2.4 MB backtest is a big real one). */
export const DEFAULT_MAX_RESPONSE_BYTES = 32 * 1024 * 1024;

const LOOPBACK = /^(localhost|127(\.\d{1,3}){3}|\[::1\])$/;

/**
 * Checks a QuantConnect base URL: https, or plain http only to this machine (a loopback stand-in),
 * and no credentials in it. Returns the URL without a trailing slash; throws a message that says
 * what to fix.
 */
export function checkBaseUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new Error(`QUANTCONNECT_API_BASE_URL is not a URL; use https://www.quantconnect.com/api/v2.`);
  }
  if (url.username || url.password) throw new Error('QUANTCONNECT_API_BASE_URL must not contain a user name or password: QuantConnect requests are signed per call.');
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && LOOPBACK.test(url.hostname))) {
    throw new Error(`QUANTCONNECT_API_BASE_URL must use https (plain http only to localhost), got ${url.protocol}//${url.host}.`);
  }
  return value.replace(/\/+$/, '');
}

/** Where a redirect pointed, fit to show: origin and path only. */
function redirectTarget(location: string | null, base: string): string {
  if (!location) return '(no Location header)';
  try {
    const url = new URL(location, base);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(an invalid Location header)';
  }
}

/** How failed calls that may be sent again are retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included. */
  readonly attempts: number;
  readonly baseDelayMs: number;
  readonly maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 3, baseDelayMs: 300, maxDelayMs: 5_000 };

export interface ClientConfig {
  readonly userId?: string;
  readonly apiToken?: string;
  /** QUANTCONNECT_API_BASE_URL; default the real API. */
  readonly baseUrl?: string;
  /** Per-call time limit, retries included; default 30 s. */
  readonly timeoutMs?: number;
  readonly retry?: Partial<RetryPolicy>;
  /** Answers larger than this are refused unread (QUANTCONNECT_MAX_RESPONSE_BYTES, default 32 MiB). */
  readonly maxResponseBytes?: number;
  /** The clock, in milliseconds (tests fix it). */
  readonly now?: () => number;
  /** How to wait between retries (tests make it instant). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  /** How to name the user id and the token when they are missing (default: the environment variables). */
  readonly credentialNames?: readonly [userId: string, apiToken: string];
  /** Why the credentials could not be loaded (a secret that could not be read), told to the caller instead of "set them". */
  readonly credentialsProblem?: string;
}

export interface CallOptions {
  /** Retry on 429/502/503/504 and network errors: the tool's retry policy, true only for calls that are safe to send twice. */
  readonly retry: boolean;
  /** Cancels the call, e.g. when the MCP request is cancelled. */
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** `multipart` sends the body as multipart/form-data. */
  readonly encoding?: 'json' | 'multipart';
}

export interface QuantConnectClient {
  /** POSTs `body` (none when undefined) to `path` and returns the parsed JSON answer; throws a QuantConnectError on any failure. */
  call(path: string, body: unknown, options: CallOptions): Promise<unknown>;
  /** POSTs without following a redirect and returns the `Location` it points to (brokerage authorization). */
  redirectLocation(path: string, body: unknown, options: Omit<CallOptions, 'retry'>): Promise<string>;
  /** The names of the missing credential variables; empty when both are set. */
  readonly missingCredentials: readonly string[];
  /**
   * Every form of the credentials this client has sent recently (the Authorization value, its
   * base64 part, the decoded user:hash, the hash), for redaction: an echoing proxy or error page
   * must not hand them back to a caller.
   */
  sentSecrets(): readonly string[];
}

/** How many signed requests' secrets are remembered for redaction. */
const REMEMBERED_SIGNATURES = 64;

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Creates a QuantConnect API client: per-request auth, timeouts, cancellation, retries, typed errors. */
export function createClient(config: ClientConfig = {}): QuantConnectClient {
  const now = config.now ?? Date.now;
  const sleep = config.sleep ?? defaultSleep;
  const random = config.random ?? Math.random;
  const retry = { ...DEFAULT_RETRY, ...config.retry };
  const [userIdName, apiTokenName] = config.credentialNames ?? ['QUANTCONNECT_USER_ID', 'QUANTCONNECT_API_TOKEN'];
  const missingCredentials = [...(config.userId ? [] : [userIdName]), ...(config.apiToken ? [] : [apiTokenName])];

  const baseUrl = checkBaseUrl(config.baseUrl ?? DEFAULT_BASE_URL);
  const maxResponseBytes = config.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  const base = `${baseUrl}/`;
  const sent = new Set<string>();

  let signature: { seconds: number; headers: Record<string, string> } | undefined;
  /** Signs a request, remembering every form of the signature for redaction. */
  function signed(): Record<string, string> {
    const seconds = Math.floor(now() / 1000);
    // The signature changes once a second: requests within the same second share it.
    if (signature?.seconds === seconds) return signature.headers;
    // Every request goes through withPolicy, which refuses to send without both credentials.
    const headers = authHeaders(config.userId as string, config.apiToken as string, seconds);
    signature = { seconds, headers };
    const encoded = (headers.Authorization as string).slice('Basic '.length);
    const decoded = Buffer.from(encoded, 'base64').toString('utf8');
    for (const form of [headers.Authorization as string, encoded, decoded, decoded.slice(decoded.indexOf(':') + 1)]) {
      sent.delete(form);
      sent.add(form);
    }
    while (sent.size > REMEMBERED_SIGNATURES * 4) sent.delete(sent.values().next().value as string);
    return headers;
  }

  /** The body as bytes with its content type: JSON, or multipart/form-data encoded by the platform's own encoder. */
  async function encode(body: unknown, encoding: 'json' | 'multipart'): Promise<{ bytes?: Buffer; type?: string }> {
    if (body === undefined) return {};
    if (encoding === 'json') return { bytes: Buffer.from(jsonBodySerializer.bodySerializer(body)), type: 'application/json' };
    const form = new Response(formDataBodySerializer.bodySerializer(body));
    return { bytes: Buffer.from(await form.arrayBuffer()), type: form.headers.get('content-type') ?? undefined };
  }

  async function send(path: string, body: unknown, signal: AbortSignal, encoding: 'json' | 'multipart') {
    const { bytes, type } = await encode(body, encoding);
    const url = new URL(path.replace(/^\/+/, ''), base);
    return post({ url, headers: { ...signed(), ...(type ? { 'content-type': type } : {}) }, body: bytes, signal, maxBytes: maxResponseBytes });
  }

  /** Runs one call within its deadline, retrying when allowed, translating every failure. */
  async function withPolicy<T>(options: Omit<CallOptions, 'retry'> & { retry: boolean }, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (missingCredentials.length > 0) throw new MissingCredentialsError(missingCredentials, config.credentialsProblem);
    const timeoutMs = options.timeoutMs ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    // One controller for the deadline and the caller's cancellation, with a plain timer: cheaper per call than AbortSignal.timeout and AbortSignal.any.
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort(new QuantConnectTimeoutError(timeoutMs));
    }, timeoutMs);
    const cancel = () => controller.abort();
    if (options.signal?.aborted) cancel();
    else options.signal?.addEventListener('abort', cancel);
    const signal = controller.signal;
    const translate = (error: unknown): QuantConnectError => {
      if (options.signal?.aborted) return new QuantConnectCancelledError();
      if (timedOut) return new QuantConnectTimeoutError(timeoutMs);
      if (error instanceof QuantConnectError) return error;
      // Network failures arrive as QuantConnectNetworkError; anything else (a body that cannot be encoded, an invalid header) happened here, before sending.
      return new QuantConnectLocalError((error instanceof Error ? `${error.name}: ${error.message}` : String(error)).slice(0, 200));
    };
    try {
      const attempts = options.retry ? Math.max(1, retry.attempts) : 1;
      for (let index = 1; ; index += 1) {
        let failure: QuantConnectError;
        try {
          return await attempt(signal);
        } catch (error) {
          failure = translate(error);
        }
        if (index >= attempts || !failure.retryable) throw failure;
        const backoff = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (index - 1));
        const jittered = backoff / 2 + random() * (backoff / 2);
        const asked = failure instanceof QuantConnectHttpError && failure.retryAfterSeconds !== undefined ? failure.retryAfterSeconds * 1000 : 0;
        try {
          await sleep(Math.max(jittered, asked), signal);
        } catch (error) {
          throw translate(error);
        }
      }
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', cancel);
    }
  }

  return {
    missingCredentials,
    sentSecrets: () => [...sent],
    call: (path, body, options) =>
      withPolicy(options, async (signal) => {
        // Never followed: a redirect would re-send the body (strategy code, credentials of a brokerage) elsewhere.
        const { status, headers, text } = await send(path, body, signal, options.encoding ?? 'json');
        if (status >= 300 && status < 400) throw new QuantConnectRedirectError(status, redirectTarget(headers.get('location'), baseUrl));
        return readResponse(status, headers, text, now());
      }),
    redirectLocation: (path, body, options) =>
      withPolicy({ ...options, retry: false }, async (signal) => {
        const { status, headers, text } = await send(path, body ?? {}, signal, options.encoding ?? 'json');
        const location = headers.get('location');
        if (status >= 300 && status < 400 && location) return location;
        readResponse(status, headers, text, now());
        throw new QuantConnectHttpError(status, ['expected a redirect to the authorization page, but none came']);
      }),
  };
}
