/**
 * Everything the client throws is one of these. Messages say what failed and never contain a
 * credential, a header or a request body.
 */
export abstract class QuantConnectError extends Error {
  abstract readonly kind: 'http' | 'api' | 'timeout' | 'network' | 'unreadable' | 'credentials' | 'cancelled' | 'redirect' | 'too-large' | 'local';
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

/** Failures that happen before a request leaves this machine: nothing reached QuantConnect. */
const NOT_SENT_CODES = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL', 'UND_ERR_CONNECT_TIMEOUT']);

/** The connection failed: DNS, refused, reset. */
export class QuantConnectNetworkError extends QuantConnectError {
  readonly kind = 'network';
  override readonly retryable = true;
  constructor(
    readonly detail: string,
    /** The system error code (ECONNREFUSED, ECONNRESET, …) when there is one. */
    readonly code?: string,
  ) {
    super(`Could not reach QuantConnect: ${detail}`);
    this.name = 'QuantConnectNetworkError';
  }
  /** False when the request never left this machine (refused, no DNS): then it cannot have taken effect. */
  get mayHaveReachedQuantConnect(): boolean {
    return this.code === undefined || !NOT_SENT_CODES.has(this.code);
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

/** The request failed on this machine, before it was sent (a bad header value, a local fault): nothing reached QuantConnect. */
export class QuantConnectLocalError extends QuantConnectError {
  readonly kind = 'local';
  constructor(readonly detail: string) {
    super(`The request could not be sent (${detail}). Nothing reached QuantConnect.`);
    this.name = 'QuantConnectLocalError';
  }
}

/** QuantConnect (or something in its place) answered with a redirect, which is never followed. */
export class QuantConnectRedirectError extends QuantConnectError {
  readonly kind = 'redirect';
  constructor(
    readonly status: number,
    /** Where it pointed, without credentials or query. */
    readonly target: string,
  ) {
    super(
      `QuantConnect answered HTTP ${status} with a redirect to ${target}. Redirects are not followed: they could carry the request, and the code in it, to another address. Check QUANTCONNECT_API_BASE_URL.`,
    );
    this.name = 'QuantConnectRedirectError';
  }
}

/** The answer was larger than the configured cap; it was not read. */
export class QuantConnectResponseTooLargeError extends QuantConnectError {
  readonly kind = 'too-large';
  constructor(readonly limitBytes: number) {
    super(
      `QuantConnect's answer is larger than ${limitBytes} bytes (QUANTCONNECT_MAX_RESPONSE_BYTES), so it was not read. Ask for less: a window, a section or a single item.`,
    );
    this.name = 'QuantConnectResponseTooLargeError';
  }
}

/** The QuantConnect credentials are not configured. */
export class MissingCredentialsError extends QuantConnectError {
  readonly kind = 'credentials';
  constructor(
    readonly missing: readonly string[],
    /** Why they are missing when it is not a matter of setting them (a secret that could not be read). */
    readonly problem?: string,
  ) {
    super(problem ? `The QuantConnect credentials could not be loaded: ${problem}.` : `QuantConnect credentials are not configured: set ${missing.join(' and ')}.`);
    this.name = 'MissingCredentialsError';
  }
}

const AUTH_MESSAGES = [/^hash doesn'?t match/i, /^userid not valid/i, /authenticat/i, /unauthori[sz]ed/i, /invalid (api )?token/i];

function isAuthMessage(message: string): boolean {
  return AUTH_MESSAGES.some((pattern) => pattern.test(message));
}
