import { describe, expect, it } from 'vitest';
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
import { failureReasons, isFailureBody, readResponse } from './read-response.js';

const NOW = 1_700_000_000_000;
const headers = (entries: Record<string, string> = {}) => new Headers(entries);
const caught = (run: () => unknown): unknown => {
  try {
    run();
  } catch (error) {
    return error;
  }
  throw new Error('expected a throw');
};

describe('the error classes say what failed, exactly', () => {
  it.each([
    [() => new QuantConnectHttpError(503, ['Down', 'Busy'], 5), 'http', 'QuantConnectHttpError', 'QuantConnect answered HTTP 503: Down; Busy', true],
    [() => new QuantConnectHttpError(400, []), 'http', 'QuantConnectHttpError', 'QuantConnect answered HTTP 400', false],
    [() => new QuantConnectApiError(['Project not found', 'Try again'], 200), 'api', 'QuantConnectApiError', 'Project not found; Try again', false],
    [() => new QuantConnectApiError([], 200), 'api', 'QuantConnectApiError', 'QuantConnect reported a failure without a reason (success: false).', false],
    [() => new QuantConnectTimeoutError(2_500), 'timeout', 'QuantConnectTimeoutError', 'QuantConnect did not answer within 3 s.', false],
    [() => new QuantConnectCancelledError(), 'cancelled', 'QuantConnectCancelledError', 'The request was cancelled before QuantConnect answered.', false],
    [() => new QuantConnectNetworkError('socket hang up', 'ECONNRESET'), 'network', 'QuantConnectNetworkError', 'Could not reach QuantConnect: socket hang up', true],
    [() => new QuantConnectLocalError('RangeError: bad'), 'local', 'QuantConnectLocalError', 'The request could not be sent (RangeError: bad). Nothing reached QuantConnect.', false],
    [() => new QuantConnectUnreadableResponseError(502, '', 'oops'), 'unreadable', 'QuantConnectUnreadableResponseError', 'QuantConnect answered HTTP 502 with a body that is not JSON (no content type): oops', false],
    [() => new QuantConnectUnreadableResponseError(200, 'text/html', 'Down'), 'unreadable', 'QuantConnectUnreadableResponseError', 'QuantConnect answered HTTP 200 with a body that is not JSON (text/html): Down', false],
    [() => new QuantConnectRedirectError(307, 'https://x.example/y'), 'redirect', 'QuantConnectRedirectError', 'QuantConnect answered HTTP 307 with a redirect to https://x.example/y. Redirects are not followed: they could carry the request, and the code in it, to another address. Check QUANTCONNECT_API_BASE_URL.', false],
    [() => new QuantConnectResponseTooLargeError(1_024), 'too-large', 'QuantConnectResponseTooLargeError', "QuantConnect's answer is larger than 1024 bytes (QUANTCONNECT_MAX_RESPONSE_BYTES), so it was not read. Ask for less: a window, a section or a single item.", false],
    [() => new MissingCredentialsError(['A', 'B']), 'credentials', 'MissingCredentialsError', 'QuantConnect credentials are not configured: set A and B.', false],
    [() => new MissingCredentialsError(['A'], 'the secret s could not be read'), 'credentials', 'MissingCredentialsError', 'The QuantConnect credentials could not be loaded: the secret s could not be read.', false],
  ] as const)('%#: %s', (make, kind, name, message, retryable) => {
    // Built inside the test, so that mutation testing sees the code that builds it.
    const error = make();
    expect({ kind: error.kind, name: error.name, message: error.message, retryable: error.retryable }).toEqual({ kind, name, message, retryable });
  });

  it('retries exactly 429, 502, 503 and 504', () => {
    const retried = [200, 400, 401, 404, 429, 500, 501, 502, 503, 504, 505].filter((status) => new QuantConnectHttpError(status, []).retryable);
    expect(retried).toEqual([429, 502, 503, 504]);
  });

  it('knows an authentication failure by 401 or by what QuantConnect says, in any of its errors', () => {
    expect(new QuantConnectHttpError(401, ['Not allowed']).isAuthFailure).toBe(true);
    expect(new QuantConnectHttpError(403, ['Not allowed']).isAuthFailure).toBe(false);
    expect(new QuantConnectHttpError(500, ['Busy', "Hash doesn't match."]).isAuthFailure).toBe(true);
    expect(new QuantConnectApiError(['Project not found', 'UserID not valid'], 200).isAuthFailure).toBe(true);
    expect(new QuantConnectApiError(['Project not found'], 200).isAuthFailure).toBe(false);
    for (const message of ["Hash doesn't match.", 'Hash doesnt match', 'userid not valid', 'Authentication failed', 'Unauthorised', 'Unauthorized user', 'Invalid token', 'invalid api token']) {
      expect(new QuantConnectApiError([message], 200).isAuthFailure, message).toBe(true);
    }
    expect(new QuantConnectApiError(['The hash doesn\'t match the file'], 200).isAuthFailure).toBe(false);
  });

  it('a refused connection never reached QuantConnect; a reset or an unknown cause may have', () => {
    for (const code of ['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_INVALID_URL', 'UND_ERR_CONNECT_TIMEOUT']) {
      expect(new QuantConnectNetworkError('x', code).mayHaveReachedQuantConnect, code).toBe(false);
    }
    expect(new QuantConnectNetworkError('x', 'ECONNRESET').mayHaveReachedQuantConnect).toBe(true);
    expect(new QuantConnectNetworkError('x').mayHaveReachedQuantConnect).toBe(true);
  });
});

describe('failureReasons and isFailureBody', () => {
  it('collects errors, messages, and Message/message/error when success is false', () => {
    expect(failureReasons({ success: false, errors: ['a', null, 3, { b: 1 }], messages: ['m'], Message: 'M', message: 'lower', error: 'e' })).toEqual([
      'a',
      '3',
      '{"b":1}',
      'm',
      'M',
      'lower',
      'e',
    ]);
    expect(failureReasons({ success: true, Message: 'fine', message: 'ok', error: 'none' })).toEqual([]);
    expect(failureReasons({ success: false, Message: '', errors: 'not a list' })).toEqual([]);
    expect(failureReasons({ Message: 'no success field' })).toEqual([]);
  });

  it('a failure is success:false or a non-empty errors list, on objects only', () => {
    expect(isFailureBody({ success: false })).toBe(true);
    expect(isFailureBody({ errors: ['x'] })).toBe(true);
    expect(isFailureBody({ errors: [null] })).toBe(false);
    expect(isFailureBody({ errors: [], success: true })).toBe(false);
    expect(isFailureBody([{ success: false }])).toBe(false);
    expect(isFailureBody(null)).toBe(false);
    expect(isFailureBody('success: false')).toBe(false);
  });
});

describe('readResponse, status by status', () => {
  it('reads 2xx JSON as data, an empty or blank body as {}', () => {
    expect(readResponse(200, headers(), '{"a":1}', NOW)).toEqual({ a: 1 });
    expect(readResponse(299, headers(), '[1,2]', NOW)).toEqual([1, 2]);
    expect(readResponse(200, headers(), '', NOW)).toEqual({});
    expect(readResponse(204, headers(), '  \n', NOW)).toEqual({});
  });

  it('any status outside 200-299 is an HTTP error, with the reasons QuantConnect gave', () => {
    for (const status of [199, 300, 301, 400, 500]) {
      const error = caught(() => readResponse(status, headers(), '{"success":false,"errors":["no"]}', NOW)) as QuantConnectHttpError;
      expect(error, String(status)).toBeInstanceOf(QuantConnectHttpError);
      expect(error.status).toBe(status);
      expect(error.errors).toEqual(['no']);
    }
    expect((caught(() => readResponse(500, headers(), '["x"]', NOW)) as QuantConnectHttpError).errors).toEqual([]);
  });

  it('a 2xx failure body is an API error with its reasons', () => {
    const error = caught(() => readResponse(200, headers(), '{"success":false,"Message":"Internal"}', NOW)) as QuantConnectApiError;
    expect(error).toBeInstanceOf(QuantConnectApiError);
    expect(error.errors).toEqual(['Internal']);
    expect(error.status).toBe(200);
  });

  it('a body that is not JSON: an HTTP error from 400 up, an unreadable answer below, with a readable snippet', () => {
    const html = `<html><body><h1>Service   Unavailable</h1>\n<p>${'x'.repeat(300)}</p></body></html>`;
    const http = caught(() => readResponse(400, headers({ 'retry-after': '7' }), html, NOW)) as QuantConnectHttpError;
    expect(http).toBeInstanceOf(QuantConnectHttpError);
    expect(http.retryAfterSeconds).toBe(7);
    expect(http.errors[0]).toBe(`Service Unavailable ${'x'.repeat(180)}…`);
    const unreadable = caught(() => readResponse(399, headers({ 'content-type': 'text/html' }), '<b>Maintenance</b>', NOW)) as QuantConnectUnreadableResponseError;
    expect(unreadable).toBeInstanceOf(QuantConnectUnreadableResponseError);
    expect(unreadable.snippet).toBe('Maintenance');
    expect(unreadable.contentType).toBe('text/html');
    expect((caught(() => readResponse(200, headers(), '<>', NOW)) as QuantConnectUnreadableResponseError).snippet).toBe('(empty body)');
    expect((caught(() => readResponse(200, headers(), '{', NOW)) as QuantConnectUnreadableResponseError).contentType).toBe('');
    const exactly200 = 'y'.repeat(200);
    expect((caught(() => readResponse(500, headers(), exactly200, NOW)) as QuantConnectHttpError).errors[0]).toBe(exactly200);
  });

  it('reads Retry-After as seconds or as a date, never negative, and ignores nonsense', () => {
    const retryAfter = (value?: string) => (caught(() => readResponse(429, headers(value === undefined ? {} : { 'retry-after': value }), '{}', NOW)) as QuantConnectHttpError).retryAfterSeconds;
    expect(retryAfter('12')).toBe(12);
    expect(retryAfter('-3')).toBe(0);
    expect(retryAfter(new Date(NOW + 30_000).toUTCString())).toBe(30);
    expect(retryAfter(new Date(NOW - 30_000).toUTCString())).toBe(0);
    expect(retryAfter('soon')).toBeUndefined();
    expect(retryAfter('')).toBeUndefined();
    expect(retryAfter()).toBeUndefined();
  });
});
