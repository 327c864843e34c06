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
// The request and response types generated from the spec: each generated tool checks its
// arguments against its operation's request type at compile time.
export type * from './generated/types.gen.js';
