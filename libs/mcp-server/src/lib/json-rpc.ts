/** A JSON-RPC error that answers no particular request (the transports' own refusals). */
export const jsonRpcError = (code: number, message: string) => ({ jsonrpc: '2.0' as const, error: { code, message }, id: null });

/** The answer to a JSON-RPC batch, which MCP removed in its 2025-06-18 revision: refused before any tool runs. */
export const BATCH_REFUSED = jsonRpcError(-32600, 'JSON-RPC batches are not supported (MCP removed them in 2025-06-18): send one message per request.');
