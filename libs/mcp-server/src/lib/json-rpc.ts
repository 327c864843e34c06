import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { isJsonContentType } from '@modelcontextprotocol/sdk/shared/mediaType.js';
import type { Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import {
  isInitializeRequest,
  isJSONRPCErrorResponse,
  isJSONRPCRequest,
  isJSONRPCResultResponse,
  JSONRPCMessageSchema,
  SUPPORTED_PROTOCOL_VERSIONS,
  type JSONRPCMessage,
  type JSONRPCRequest,
} from '@modelcontextprotocol/sdk/types.js';

/** A JSON-RPC error that answers no particular request (the transports' own refusals). */
export const jsonRpcError = (code: number, message: string) => ({ jsonrpc: '2.0' as const, error: { code, message }, id: null });

/** The answer to a JSON-RPC batch, which MCP removed in its 2025-06-18 revision: refused before any tool runs. */
export const BATCH_REFUSED = jsonRpcError(-32600, 'JSON-RPC batches are not supported (MCP removed them in 2025-06-18): send one message per request.');

/**
 * Results that many answers share (the tools/list of a selection is 40 KB of JSON), each serialized
 * by the first answer that carries it: stdio, which serializes through the SDK, never pays for it.
 */
const sharedResults = new WeakMap<object, string | undefined>();

/**
 * Marks a result that is returned, unchanged, to many requests, so that `stringifyJsonRpc` serializes
 * it once rather than per answer. The object must not change afterwards; it is frozen to make sure.
 */
export function sharedResult<T extends object>(result: T): T {
  sharedResults.set(result, undefined);
  return Object.freeze(result);
}

/** JSON.stringify for a JSON-RPC answer, reusing the serialization of a shared result. */
export function stringifyJsonRpc(message: unknown): string {
  const result = (message as { result?: object } | null)?.result as object;
  // A WeakMap holds only objects: anything else is simply not there.
  if (!sharedResults.has(result)) return JSON.stringify(message);
  let serialized = sharedResults.get(result);
  if (serialized === undefined) sharedResults.set(result, (serialized = JSON.stringify(result)));
  // The SDK's own key order: result, jsonrpc, id (JSON.stringify drops an undefined id as it would here).
  const { id } = message as { id?: unknown };
  return `{"result":${serialized},"jsonrpc":"2.0"${id === undefined ? '' : `,"id":${JSON.stringify(id)}`}}`;
}

/** What an HTTP host sends back for one JSON-RPC message: a status and, unless it is 202, a JSON body. */
export interface JsonRpcAnswer {
  readonly status: number;
  readonly body?: unknown;
}

/** The request headers that matter to MCP over HTTP (names as Node and API Gateway give them, lower case). */
export interface JsonRpcHeaders {
  readonly accept?: string;
  readonly 'content-type'?: string;
  readonly 'mcp-protocol-version'?: string;
}

const refusal = (status: number, code: number, message: string): JsonRpcAnswer => ({ status, body: jsonRpcError(code, message) });

/**
 * A transport for exactly one message: the request goes in, its response comes out. Notifications
 * the server sends while it works (progress, logs) and requests it would make of the client have no
 * way back in a single JSON answer, and are dropped, as in the SDK's JSON response mode.
 */
class OneMessageTransport implements Transport {
  onclose?: () => void;
  onerror?: (error: Error) => void;
  onmessage?: (message: JSONRPCMessage) => void;
  private readonly waiting = new Map<JSONRPCRequest['id'], (message: JSONRPCMessage) => void>();
  private closed = false;

  async start(): Promise<void> {}

  async send(message: JSONRPCMessage): Promise<void> {
    if (!isJSONRPCResultResponse(message) && !isJSONRPCErrorResponse(message)) return;
    if (message.id === undefined) return;
    const settle = this.waiting.get(message.id);
    this.waiting.delete(message.id);
    settle?.(message);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const [id, settle] of this.waiting) settle({ jsonrpc: '2.0', id, error: { code: -32000, message: 'The server closed before answering. A write may still have taken effect on QuantConnect: check before calling again.' } });
    this.waiting.clear();
    this.onclose?.();
  }

  exchange(request: JSONRPCRequest): Promise<JSONRPCMessage> {
    return new Promise((resolve) => {
      this.waiting.set(request.id, resolve);
      this.onmessage?.(request);
    });
  }

  deliver(message: JSONRPCMessage): void {
    this.onmessage?.(message);
  }
}

/**
 * Answers one parsed JSON-RPC message over stateless HTTP, as the SDK's Streamable HTTP transport
 * does in JSON response mode (the same statuses and error messages), without building Web Request
 * and Response objects: the host has already read and parsed the body. `checkMediaTypes` applies the
 * transport's Accept (406) and Content-Type (415) rules; a host that always speaks JSON skips them.
 * The caller creates `server` for this message and closes it afterwards (closing it early, when
 * the client goes away, cancels the call).
 */
export async function answerJsonRpc(server: Server, message: unknown, headers: JsonRpcHeaders, checkMediaTypes = true): Promise<JsonRpcAnswer> {
  if (checkMediaTypes) {
    const accept = headers.accept ?? '';
    if (!accept.includes('application/json') || !accept.includes('text/event-stream')) {
      return refusal(406, -32000, 'Not Acceptable: Client must accept both application/json and text/event-stream');
    }
    if (!isJsonContentType(headers['content-type'])) return refusal(415, -32000, 'Unsupported Media Type: Content-Type must be application/json');
  }
  const parsed = JSONRPCMessageSchema.safeParse(message);
  if (!parsed.success) return refusal(400, -32700, 'Parse error: Invalid JSON-RPC message');
  const version = headers['mcp-protocol-version'];
  if (!isInitializeRequest(parsed.data) && version !== undefined && !SUPPORTED_PROTOCOL_VERSIONS.includes(version)) {
    return refusal(400, -32000, `Bad Request: Unsupported protocol version: ${version} (supported versions: ${SUPPORTED_PROTOCOL_VERSIONS.join(', ')})`);
  }
  const transport = new OneMessageTransport();
  await server.connect(transport);
  if (!isJSONRPCRequest(parsed.data)) {
    transport.deliver(parsed.data);
    return { status: 202 };
  }
  return { status: 200, body: await transport.exchange(parsed.data) };
}
