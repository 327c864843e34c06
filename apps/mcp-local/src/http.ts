import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import { answerJsonRpc, BATCH_REFUSED, ConfigError, createServer, jsonRpcError, stringifyJsonRpc, type CreateServerOptions } from '@qc-mcp/mcp-server';

/** Requests larger than this are refused with 413. */
export const MAX_BODY_BYTES = 4 * 1024 * 1024;
/** Slow clients: headers must arrive within this, the whole request within REQUEST_TIMEOUT_MS. */
export const HEADERS_TIMEOUT_MS = 10_000;
export const REQUEST_TIMEOUT_MS = 30_000;
export const KEEP_ALIVE_TIMEOUT_MS = 5_000;
/** Connections beyond this are refused at accept, so one client cannot hold them all. */
export const MAX_CONNECTIONS = 128;
/** How long SIGTERM lets calls in flight finish before answering them with an error. */
export const DRAIN_TIMEOUT_MS = 10_000;

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);
export const isLoopback = (host: string) => LOOPBACK_HOSTS.has(host) || /^127\.\d+\.\d+\.\d+$/.test(host);

export interface HttpOptions {
  readonly host: string;
  readonly port: number;
  /** Bearer token clients must send; required to bind a non-loopback host. */
  readonly authToken?: string;
  /** Browser origins allowed besides loopback ones. */
  readonly allowedOrigins?: readonly string[];
  readonly serverOptions: CreateServerOptions;
  /** Slow-client limits in milliseconds (tests shorten them). */
  readonly headersTimeoutMs?: number;
  readonly requestTimeoutMs?: number;
}

/** A header as one value (Node gives a list for a repeated header; the first one counts). */
const headerText = (value: string | string[] | undefined) => (Array.isArray(value) ? value[0] : value);

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(stringifyJsonRpc(body));
}


/** The host name of a Host header (`[::1]:8000` → `[::1]`, `localhost:8000` → `localhost`). */
function hostName(header: string): string {
  const bracketed = /^\[([^\]]*)\](:\d+)?$/.exec(header);
  if (bracketed) return `[${bracketed[1]}]`;
  return header.replace(/:\d+$/, '').toLowerCase();
}

/** DNS-rebinding protection beside the Origin check: the Host must be loopback or the host this server binds. */
function hostAllowed(header: string | undefined, boundHost: string): boolean {
  if (!header) return false;
  const name = hostName(header);
  return isLoopback(name) || name === boundHost.toLowerCase() || name === `[${boundHost}]`;
}

/** DNS-rebinding protection: a browser origin must be loopback or explicitly allowed. */
function originAllowed(origin: string | undefined, allowed: readonly string[]): boolean {
  if (!origin) return true;
  if (allowed.includes(origin)) return true;
  try {
    return isLoopback(new URL(origin).hostname);
  } catch {
    return false;
  }
}

/** Past this much, an oversized body is no longer drained politely: the connection is dropped. */
const DRAIN_LIMIT_BYTES = 4 * MAX_BODY_BYTES;

/**
 * Reads the body up to the limit. An oversized body is drained (up to a bound) before the 413 is
 * sent, so that a client still writing it gets the answer instead of a broken pipe.
 */
function readBody(req: IncomingMessage): Promise<Buffer | 'too-large'> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else if (size > DRAIN_LIMIT_BYTES) req.destroy();
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? 'too-large' : Buffer.concat(chunks)));
    req.on('error', reject);
    req.on('close', () => size > DRAIN_LIMIT_BYTES && resolve('too-large'));
  });
}

/**
 * Handles one HTTP request: checks, then a fresh stateless MCP server and transport.
 * `tokenMatches` compares a bearer token with MCP_AUTH_TOKEN, when one is required.
 */
function requestHandler(options: HttpOptions, tokenMatches: ((token: string) => boolean) | undefined) {
  const allowedOrigins = options.allowedOrigins ?? [];
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (!hostAllowed(req.headers.host, options.host)) {
      return sendJson(res, 403, jsonRpcError(-32000, `Host ${String(req.headers.host).slice(0, 100)} is not allowed: connect to ${options.host} (or a loopback name).`));
    }
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (path !== '/mcp') return sendJson(res, 404, { error: `Not found: ${path}. The MCP endpoint is POST /mcp.` });
    if (!originAllowed(req.headers.origin, allowedOrigins)) {
      return sendJson(res, 403, jsonRpcError(-32000, `Origin ${req.headers.origin} is not allowed. Add it to MCP_ALLOWED_ORIGINS to allow it.`));
    }
    if (tokenMatches) {
      const header = req.headers.authorization ?? '';
      const token = header.startsWith('Bearer ') ? header.slice(7) : '';
      if (!tokenMatches(token)) {
        return sendJson(res, 401, jsonRpcError(-32001, 'Missing or wrong bearer token: send Authorization: Bearer <MCP_AUTH_TOKEN>.'), {
          'www-authenticate': 'Bearer',
        });
      }
    }
    if (req.method !== 'POST') {
      return sendJson(res, 405, jsonRpcError(-32000, `Method ${req.method} is not allowed: this server is stateless, send JSON-RPC with POST.`), {
        allow: 'POST',
      });
    }
    const body = await readBody(req);
    if (body === 'too-large') {
      res.setHeader('connection', 'close');
      return sendJson(res, 413, jsonRpcError(-32600, `Request body too large: the limit is ${MAX_BODY_BYTES} bytes.`));
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.toString('utf8'));
    } catch {
      return sendJson(res, 400, jsonRpcError(-32700, 'Parse error: the request body is not valid JSON.'));
    }
    if (Array.isArray(parsed)) return sendJson(res, 400, BATCH_REFUSED);
    const server = createServer(options.serverOptions);
    // The response closes when it is sent or when the client goes away; either way the server is done
    // (a client that goes away cancels its call: closing the server aborts what it is doing).
    res.on('close', () => void server.close());
    const answer = await answerJsonRpc(server, parsed, {
      accept: req.headers.accept,
      'content-type': req.headers['content-type'],
      'mcp-protocol-version': headerText(req.headers['mcp-protocol-version']),
    });
    if (res.destroyed || res.writableEnded) return;
    if (answer.body === undefined) res.writeHead(answer.status).end();
    else sendJson(res, answer.status, answer.body);
  };
}

/** The running HTTP server and a way to stop it that lets calls in flight finish. */
export interface RunningHttp {
  readonly server: HttpServer;
  /**
   * Stops accepting, waits up to `timeoutMs` for calls in flight, answers any still running with a
   * 503 error, and resolves to how many it had to cut.
   */
  drain(timeoutMs?: number): Promise<number>;
}

/** Starts the HTTP server; refuses a non-loopback host without MCP_AUTH_TOKEN. */
export async function startHttp(options: HttpOptions): Promise<RunningHttp> {
  if (!isLoopback(options.host) && !options.authToken) {
    throw new ConfigError(
      `Refusing to serve on ${options.host} without authentication: set MCP_AUTH_TOKEN (clients then send Authorization: Bearer <token>), or bind 127.0.0.1.`,
    );
  }
  // Loaded here rather than imported at the top: stdio mode needs neither, and loading them costs its cold start about 4 ms.
  const [{ createServer: createHttpServer }, { createHash, timingSafeEqual }] = await Promise.all([import('node:http'), import('node:crypto')]);
  const digest = (value: string) => createHash('sha256').update(value).digest();
  const expected = options.authToken ? digest(options.authToken) : undefined;
  const handle = requestHandler(options, expected && ((token) => timingSafeEqual(digest(token), expected)));
  const inFlight = new Set<ServerResponse>();
  let draining = false;
  const server = createHttpServer(
    {
      headersTimeout: options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS,
      requestTimeout: options.requestTimeoutMs ?? REQUEST_TIMEOUT_MS,
      keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
      // How often Node looks for clients past those limits (its default, 30 s, would let them linger).
      connectionsCheckingInterval: Math.min(1_000, Math.floor((options.headersTimeoutMs ?? HEADERS_TIMEOUT_MS) / 2)),
    },
    (req, res) => {
      if (draining) {
        res.setHeader('connection', 'close');
        return sendJson(res, 503, jsonRpcError(-32000, 'The server is shutting down; nothing was done. Try again when it is back.'));
      }
      inFlight.add(res);
      res.once('close', () => inFlight.delete(res));
      handle(req, res).catch((error: unknown) => {
        if (!res.headersSent) sendJson(res, 500, jsonRpcError(-32603, `Internal error: ${error instanceof Error ? error.message : String(error)}`));
        else res.end();
      });
    },
  );
  server.maxConnections = MAX_CONNECTIONS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  const drain = async (timeoutMs = DRAIN_TIMEOUT_MS): Promise<number> => {
    draining = true;
    server.close();
    server.closeIdleConnections();
    const deadline = Date.now() + timeoutMs;
    while (inFlight.size > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    const cut = inFlight.size;
    for (const res of inFlight) {
      if (!res.headersSent) {
        res.setHeader('connection', 'close');
        sendJson(res, 503, jsonRpcError(-32000, 'The server shut down before this call finished; a write may still have taken effect on QuantConnect: check before calling again.'));
      } else res.end();
    }
    server.closeAllConnections();
    return cut;
  };
  return { server, drain };
}
