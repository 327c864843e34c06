/** A JSON-RPC error that answers no particular request (the transports' own refusals). */
export const jsonRpcError = (code: number, message: string) => ({ jsonrpc: '2.0' as const, error: { code, message }, id: null });
