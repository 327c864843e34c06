import './lib/globals.js';
export { authHeaders } from './lib/auth.js';
export {
  checkBaseUrl,
  createClient,
  DEFAULT_BASE_URL,
  DEFAULT_MAX_RESPONSE_BYTES,
  DEFAULT_RETRY,
  DEFAULT_TIMEOUT_MS,
  type CallOptions,
  type ClientConfig,
  type QuantConnectClient,
  type RetryPolicy,
} from './lib/client.js';
export {
  MissingCredentialsError,
  QuantConnectApiError,
  QuantConnectCancelledError,
  QuantConnectError,
  QuantConnectHttpError,
  QuantConnectLocalError,
  QuantConnectNetworkError,
  QuantConnectRedirectError,
  QuantConnectResponseTooLargeError,
  QuantConnectTimeoutError,
  QuantConnectUnreadableResponseError,
} from './lib/errors.js';
export { failureReasons, isFailureBody, readResponse } from './lib/read-response.js';
// The generated SDK functions and Zod schemas are separate entry points
// (@qc-mcp/api-client/sdk, @qc-mcp/api-client/schemas): building ~200 Zod schemas is not free,
// and a server that does not use them should not pay for it at start-up.
export type * from './generated/types.gen.js';
