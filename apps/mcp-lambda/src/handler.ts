import { Logger } from '@aws-lambda-powertools/logger';
import { answerJsonRpc, BATCH_REFUSED, createServer, jsonRpcError, loadConfig, stringifyJsonRpc, type ServerConfig } from '@qc-mcp/mcp-server';
import type { Context } from 'aws-lambda';
import packageJson from '../package.json' with { type: 'json' };
import { CREDENTIAL_NAMES, resolveCredentials } from './credentials.js';
import { protocolVersionOf, readEvent, type HttpEvent, type HttpResult } from './http-event.js';

const logger = new Logger({ serviceName: 'quantconnect-mcp' });
/**
 * API Gateway ends a request after 29 s; the QuantConnect call that starts a job and the answer
 * need some of that, so a tool waits for a job at most this long here (less if configured).
 */
export const LAMBDA_MAX_WAIT_SECONDS = 20;
/** Read once per container: configuration mistakes fail the cold start loudly. */
// Live trading defaults to off here: a Lambda answers in JSON and cannot ask the user to confirm.
const loaded = loadConfig(process.env, {}, packageJson.version, { liveTrading: 'off' });
const baseConfig: ServerConfig = { ...loaded, maxWaitSeconds: Math.min(loaded.maxWaitSeconds ?? LAMBDA_MAX_WAIT_SECONDS, LAMBDA_MAX_WAIT_SECONDS) };
const allowedOrigins = (process.env.MCP_ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean);

function corsHeaders(origin: string | undefined): Record<string, string> {
  const allowOrigin = allowedOrigins.includes('*') ? '*' : origin && allowedOrigins.includes(origin) ? origin : undefined;
  if (!allowOrigin) return {};
  return {
    'access-control-allow-origin': allowOrigin,
    'access-control-allow-methods': 'POST, OPTIONS',
    'access-control-allow-headers': 'content-type, accept, authorization, x-api-key, mcp-protocol-version',
    'access-control-max-age': '600',
    ...(allowOrigin === '*' ? {} : { vary: 'Origin' }),
  };
}

const json = (statusCode: number, body: unknown, headers: Record<string, string>): HttpResult => ({
  statusCode,
  headers: { 'content-type': 'application/json', ...headers },
  body: stringifyJsonRpc(body),
  isBase64Encoded: false,
});

/** The MCP methods a log line may name; anything else a client sends is logged as "other". */
const KNOWN_METHODS = new Set([
  'initialize', 'ping', 'tools/list', 'tools/call', 'resources/list', 'resources/templates/list', 'resources/read',
  'prompts/list', 'completion/complete', 'logging/setLevel', 'notifications/initialized', 'notifications/cancelled',
]);

/** The JSON-RPC method of a request, for the log line: from the allow-list, never its parameters. */
function methodOf(body: unknown): string {
  if (!body || typeof body !== 'object' || !('method' in body)) return 'response';
  return typeof body.method === 'string' && KNOWN_METHODS.has(body.method) ? body.method : 'other';
}

/**
 * API Gateway (REST v1 or HTTP API v2) and function URL events → a fresh stateless MCP server per
 * request, answering with JSON. GET and DELETE are 405: there are no sessions or streams.
 */
export async function handler(event: HttpEvent, context: Context): Promise<HttpResult> {
  try {
    return await handle(event, context);
  } catch (error) {
    // Whatever goes wrong, API Gateway gets an answer, not a thrown error (which it turns into a bare 502 and an alarm).
    logger.error('Unexpected failure', { reason: error instanceof Error ? error.name : 'unknown' });
    return json(500, jsonRpcError(-32603, 'Internal error: the request could not be handled. Try again.'), {});
  }
}

async function handle(event: HttpEvent, context: Context): Promise<HttpResult> {
  logger.addContext(context);
  const started = performance.now();
  const request = readEvent(event);
  if (!request) {
    logger.warn('Refused an event that is not an HTTP request', { status: 400 });
    return json(400, jsonRpcError(-32600, 'Not an HTTP request: this function answers API Gateway and function URL events (POST /mcp).'), {});
  }
  const cors = corsHeaders(request.headers.origin);
  if (request.method === 'OPTIONS') return { statusCode: 204, headers: cors, body: '', isBase64Encoded: false };
  if (request.method !== 'POST') {
    return json(405, jsonRpcError(-32000, `Method ${request.method.slice(0, 16)} is not allowed: send JSON-RPC with POST.`), { ...cors, allow: 'POST, OPTIONS' });
  }
  let body: unknown;
  try {
    body = JSON.parse(request.body);
  } catch {
    logger.warn('Rejected a request whose body is not JSON', { status: 400 });
    return json(400, jsonRpcError(-32700, 'Parse error: the request body is not valid JSON.'), cors);
  }
  if (Array.isArray(body)) {
    logger.warn('Refused a JSON-RPC batch', { status: 400, messages: body.length });
    return json(400, BATCH_REFUSED, cors);
  }
  const caller = request.caller ? { caller: request.caller.slice(0, 128) } : {};
  // Only tool calls and resource reads reach QuantConnect: initialize and tools/list never load the secret (or the AWS SDK).
  const needsCredentials = ['tools/call', 'resources/read'].includes(methodOf(body));
  const credentials = needsCredentials ? await resolveCredentials(process.env, logger) : { names: CREDENTIAL_NAMES };
  const server = createServer({
    ...baseConfig,
    userId: credentials.userId,
    apiToken: credentials.apiToken,
    credentialNames: credentials.names,
    credentialsProblem: credentials.problem,
    canAskUser: false,
    log: (entry) => logger.info('tool call', { ...entry, ...caller }),
  });
  try {
    // API Gateway has read the request: the answer is computed directly, as JSON, with no Web Request or Response built.
    const answer = await answerJsonRpc(server, body, { 'mcp-protocol-version': protocolVersionOf(request) }, false);
    const result = answer.body === undefined ? { statusCode: answer.status, headers: cors, body: '', isBase64Encoded: false } : json(answer.status, answer.body, cors);
    logger.info('request', { methods: methodOf(body), status: result.statusCode, durationMs: Math.round(performance.now() - started), ...caller });
    return result;
  } finally {
    await server.close();
  }
}
