import { QuantConnectApiError, QuantConnectHttpError, QuantConnectUnreadableResponseError } from './errors.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item) => item !== null && item !== undefined).map((item) => (typeof item === 'string' ? item : JSON.stringify(item))) : [];

/** The reasons a QuantConnect body gives for a failure, in any of the shapes it uses. */
export function failureReasons(body: Record<string, unknown>): string[] {
  const reasons = [...strings(body.errors), ...strings(body.messages)];
  for (const key of ['Message', 'message', 'error']) {
    if (typeof body[key] === 'string' && body[key] !== '' && body.success === false) reasons.push(body[key] as string);
  }
  return reasons;
}

/** Whether a JSON body says the request failed: `success: false`, or a non-empty `errors` array. */
export function isFailureBody(body: unknown): body is Record<string, unknown> {
  if (!isObject(body)) return false;
  return body.success === false || strings(body.errors).length > 0;
}

function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, (date - nowMs) / 1000);
}

const snippet = (text: string) => {
  const plain = text.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim();
  return plain.length > 200 ? `${plain.slice(0, 200)}…` : plain || '(empty body)';
};

/**
 * Reads a QuantConnect answer leniently: any JSON is accepted as it is (nulls, missing or extra
 * fields, dates in any form), but a failure is a failure whatever the HTTP status says.
 */
export function readResponse(status: number, headers: Pick<Headers, 'get'>, text: string, nowMs: number): unknown {
  let body: unknown;
  try {
    body = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    if (status >= 400) throw new QuantConnectHttpError(status, [snippet(text)], parseRetryAfter(headers.get('retry-after'), nowMs));
    throw new QuantConnectUnreadableResponseError(status, headers.get('content-type') ?? '', snippet(text));
  }
  if (status < 200 || status >= 300) {
    const reasons = isObject(body) ? failureReasons(body) : [];
    throw new QuantConnectHttpError(status, reasons, parseRetryAfter(headers.get('retry-after'), nowMs));
  }
  if (isFailureBody(body)) throw new QuantConnectApiError(failureReasons(body), status);
  return body;
}
