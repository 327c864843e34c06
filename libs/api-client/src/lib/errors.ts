/**
 * Everything the client throws is one of these. Messages say what failed and never contain a
 * credential, a header or a request body.
 */
export abstract class QuantConnectError extends Error {
  abstract readonly kind: 'http' | 'api' | 'timeout' | 'network' | 'unreadable' | 'credentials' | 'cancelled';
  /** Whether sending the same request again may succeed (used by the retry policy). */
  readonly retryable: boolean = false;
}

/** QuantConnect answered with an HTTP error status. */
export class QuantConnectHttpError extends QuantConnectError {
  readonly kind = 'http';
  override readonly retryable: boolean;
  constructor(
    readonly status: number,
    readonly errors: readonly string[],
    /** Seconds the server asked us to wait (Retry-After), if any. */
    readonly retryAfterSeconds?: number,
  ) {
    super(`QuantConnect answered HTTP ${status}${errors.length ? `: ${errors.join('; ')}` : ''}`);
    this.name = 'QuantConnectHttpError';
    this.retryable = [429, 502, 503, 504].includes(status);
  }
  /** 401 is what the spec documents for bad credentials. */
  get isAuthFailure(): boolean {
    return this.status === 401 || this.errors.some(isAuthMessage);
  }
}

/** QuantConnect answered, but said the request failed (`success: false` or a non-empty `errors`). */
export class QuantConnectApiError extends QuantConnectError {
  readonly kind = 'api';
  constructor(
    readonly errors: readonly string[],
    readonly status: number,
  ) {
    super(errors.length ? errors.join('; ') : 'QuantConnect reported a failure without a reason (success: false).');
    this.name = 'QuantConnectApiError';
  }
  get isAuthFailure(): boolean {
    return this.errors.some(isAuthMessage);
  }
}

/** No answer within the call's time limit. */
export class QuantConnectTimeoutError extends QuantConnectError {
  readonly kind = 'timeout';
  constructor(readonly timeoutMs: number) {
    super(`QuantConnect did not answer within ${Math.round(timeoutMs / 1000)} s.`);
    this.name = 'QuantConnectTimeoutError';
  }
}

/** The caller cancelled the call (for example the MCP request was cancelled). */
export class QuantConnectCancelledError extends QuantConnectError {
  readonly kind = 'cancelled';
  constructor() {
    super('The request was cancelled before QuantConnect answered.');
    this.name = 'QuantConnectCancelledError';
  }
}

/** The connection failed: DNS, refused, reset. */
export class QuantConnectNetworkError extends QuantConnectError {
  readonly kind = 'network';
  override readonly retryable = true;
  constructor(readonly detail: string) {
    super(`Could not reach QuantConnect: ${detail}`);
    this.name = 'QuantConnectNetworkError';
  }
}

/** QuantConnect answered with something that is not JSON (an HTML error page, a truncated body). */
export class QuantConnectUnreadableResponseError extends QuantConnectError {
  readonly kind = 'unreadable';
  constructor(
    readonly status: number,
    readonly contentType: string,
    readonly snippet: string,
  ) {
    super(`QuantConnect answered HTTP ${status} with a body that is not JSON (${contentType || 'no content type'}): ${snippet}`);
    this.name = 'QuantConnectUnreadableResponseError';
  }
}

/** The QuantConnect credentials are not configured. */
export class MissingCredentialsError extends QuantConnectError {
  readonly kind = 'credentials';
  constructor(readonly missing: readonly string[]) {
    super(`QuantConnect credentials are not configured: set ${missing.join(' and ')}.`);
    this.name = 'MissingCredentialsError';
  }
}

const AUTH_MESSAGES = [/^hash doesn'?t match/i, /^userid not valid/i, /authenticat/i, /unauthori[sz]ed/i, /invalid (api )?token/i];

function isAuthMessage(message: string): boolean {
  return AUTH_MESSAGES.some((pattern) => pattern.test(message));
}
