import { createClient as createHeyClient, createConfig, type Client } from '../generated/client/index.js';
import { formDataBodySerializer } from '../generated/core/bodySerializer.gen.js';
import { authHeaders } from './auth.js';
import {
  MissingCredentialsError,
  QuantConnectCancelledError,
  QuantConnectError,
  QuantConnectHttpError,
  QuantConnectNetworkError,
  QuantConnectTimeoutError,
} from './errors.js';
import { readResponse } from './read-response.js';

export const DEFAULT_BASE_URL = 'https://www.quantconnect.com/api/v2';
export const DEFAULT_TIMEOUT_MS = 30_000;

/** How failed idempotent calls are retried. */
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
  /** The clock, in milliseconds (tests fix it). */
  readonly now?: () => number;
  /** How to wait between retries (tests make it instant). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  readonly random?: () => number;
  readonly fetch?: typeof fetch;
  /** How to name the user id and the token when they are missing (default: the environment variables). */
  readonly credentialNames?: readonly [userId: string, apiToken: string];
}

export interface CallOptions {
  /** Retry on 429/502/503/504 and network errors. Only for calls that are safe to repeat. */
  readonly idempotent: boolean;
  /** Cancels the call, e.g. when the MCP request is cancelled. */
  readonly signal?: AbortSignal;
  readonly timeoutMs?: number;
  /** `multipart` sends the body as multipart/form-data. */
  readonly encoding?: 'json' | 'multipart';
}

export interface QuantConnectClient {
  /** POSTs `body` to `path` and returns the parsed JSON answer; throws a QuantConnectError on any failure. */
  call(path: string, body: unknown, options: CallOptions): Promise<unknown>;
  /** POSTs without following a redirect and returns the `Location` it points to (brokerage authorization). */
  redirectLocation(path: string, body: unknown, options: Omit<CallOptions, 'idempotent'>): Promise<string>;
  /** The generated client, authenticated, for use with the generated SDK functions. */
  readonly raw: Client;
  /** The names of the missing credential variables; empty when both are set. */
  readonly missingCredentials: readonly string[];
}

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

  const raw = createHeyClient(createConfig({ baseUrl: (config.baseUrl ?? DEFAULT_BASE_URL).replace(/\/+$/, ''), fetch: config.fetch }));
  raw.interceptors.request.use((request) => {
    if (config.userId && config.apiToken) {
      for (const [name, value] of Object.entries(authHeaders(config.userId, config.apiToken, Math.floor(now() / 1000)))) {
        request.headers.set(name, value);
      }
    }
    return request;
  });

  async function send(path: string, body: unknown, signal: AbortSignal, encoding: 'json' | 'multipart', redirect: 'follow' | 'manual') {
    const result = await raw.post({
      url: path,
      body,
      signal,
      redirect,
      parseAs: 'text',
      throwOnError: false,
      responseStyle: 'fields',
      ...(encoding === 'multipart'
        ? { ...formDataBodySerializer, headers: { 'Content-Type': null } }
        : { headers: { 'Content-Type': 'application/json' } }),
    });
    if (!result.response) throw result.error;
    const text = typeof result.data === 'string' ? result.data : typeof result.error === 'string' ? result.error : JSON.stringify(result.error ?? '');
    return { response: result.response, text };
  }

  /** Runs one call within its deadline, retrying when allowed, translating every failure. */
  async function withPolicy<T>(options: Omit<CallOptions, 'idempotent'> & { idempotent: boolean }, attempt: (signal: AbortSignal) => Promise<T>): Promise<T> {
    if (missingCredentials.length > 0) throw new MissingCredentialsError(missingCredentials);
    const timeoutMs = options.timeoutMs ?? config.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const deadline = AbortSignal.timeout(timeoutMs);
    const signal = options.signal ? AbortSignal.any([options.signal, deadline]) : deadline;
    const translate = (error: unknown): QuantConnectError => {
      if (options.signal?.aborted) return new QuantConnectCancelledError();
      if (deadline.aborted) return new QuantConnectTimeoutError(timeoutMs);
      if (error instanceof QuantConnectError) return error;
      const cause = error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error);
      return new QuantConnectNetworkError(cause);
    };
    const attempts = options.idempotent ? Math.max(1, retry.attempts) : 1;
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
  }

  return {
    raw,
    missingCredentials,
    call: (path, body, options) =>
      withPolicy(options, async (signal) => {
        const { response, text } = await send(path, body ?? {}, signal, options.encoding ?? 'json', 'follow');
        return readResponse(response.status, response.headers, text, now());
      }),
    redirectLocation: (path, body, options) =>
      withPolicy({ ...options, idempotent: false }, async (signal) => {
        const { response, text } = await send(path, body ?? {}, signal, options.encoding ?? 'json', 'manual');
        const location = response.headers.get('location');
        if (response.status >= 300 && response.status < 400 && location) return location;
        readResponse(response.status, response.headers, text, now());
        throw new QuantConnectHttpError(response.status, ['expected a redirect to the authorization page, but none came']);
      }),
  };
}
