import type { APIGatewayProxyEvent, APIGatewayProxyEventV2, APIGatewayProxyResult, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';

export type HttpEvent = APIGatewayProxyEvent | APIGatewayProxyEventV2;
export type HttpResult = APIGatewayProxyResult & APIGatewayProxyStructuredResultV2;

/** Method, path, headers and body of a REST API (v1), HTTP API (v2) or function URL event. */
export function readEvent(event: HttpEvent) {
  const v2 = 'requestContext' in event && event.requestContext && 'http' in event.requestContext;
  const method = (v2 ? (event as APIGatewayProxyEventV2).requestContext.http.method : (event as APIGatewayProxyEvent).httpMethod).toUpperCase();
  const path = v2 ? (event as APIGatewayProxyEventV2).rawPath : (event as APIGatewayProxyEvent).path;
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(event.headers ?? {})) if (value !== undefined) headers[name.toLowerCase()] = value;
  const raw = event.body ?? '';
  const body = event.isBase64Encoded ? Buffer.from(raw, 'base64').toString('utf8') : raw;
  return { method, path: path ?? '/', headers, body };
}

/** A Web Request the SDK's web-standard transport accepts; it always answers with JSON. */
export function toRequest(event: ReturnType<typeof readEvent>): Request {
  const headers = new Headers(event.headers);
  headers.set('accept', 'application/json, text/event-stream');
  headers.set('content-type', 'application/json');
  return new Request(`https://${headers.get('host') ?? 'lambda.local'}${event.path}`, { method: 'POST', headers, body: event.body });
}

export async function toResult(response: Response, extraHeaders: Record<string, string>): Promise<HttpResult> {
  const headers: Record<string, string> = { ...extraHeaders };
  response.headers.forEach((value, name) => (headers[name] = value));
  return { statusCode: response.status, headers, body: await response.text(), isBase64Encoded: false };
}
