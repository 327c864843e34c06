import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyResult & APIGatewayProxyStructuredResultV2;

/** What the handler needs of an event, read defensively: any field may be missing or of the wrong type. */
export interface ReadEvent {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
  /** Who called: the API key id (REST API with keys), else the IAM caller, when API Gateway says. */
  readonly caller?: string;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown) => (typeof value === 'string' ? value : undefined);

/**
 * Method, path, headers, body and caller of a REST API (v1), HTTP API (v2) or function URL event;
 * undefined for anything else (a test event, a scheduled event, null), which the handler answers
 * with 400 instead of throwing.
 */
export function readEvent(event: unknown): ReadEvent | undefined {
  if (!isObject(event)) return undefined;
  const context = isObject(event.requestContext) ? event.requestContext : {};
  const http = isObject(context.http) ? context.http : undefined;
  const method = text(http?.method) ?? text(event.httpMethod);
  if (!method) return undefined;
  const path = text(event.rawPath) ?? text(event.path) ?? '/';
  const headers: Record<string, string> = {};
  if (isObject(event.headers)) for (const [name, value] of Object.entries(event.headers)) if (typeof value === 'string') headers[name.toLowerCase()] = value;
  const raw = text(event.body) ?? '';
  const body = event.isBase64Encoded === true ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  const identity = isObject(context.identity) ? context.identity : {};
  const authorizer = isObject(context.authorizer) && isObject(context.authorizer.iam) ? context.authorizer.iam : {};
  const caller = text(identity.apiKeyId) ?? text(identity.userArn) ?? text(identity.caller) ?? text(authorizer.userArn);
  return { method: method.toUpperCase(), path, headers, body, ...(caller ? { caller } : {}) };
}

/** The protocol version a client declared, when it is well formed; odd bytes are treated as no header. */
const PROTOCOL_VERSION = /^[\w.-]{1,32}$/;

export function protocolVersionOf(event: ReadEvent): string | undefined {
  const version = event.headers['mcp-protocol-version'];
  return version !== undefined && PROTOCOL_VERSION.test(version) ? version : undefined;
}
