import './lib/globals.js';
export { authHeaders } from './lib/auth.js';
export {
  createClient,
  DEFAULT_BASE_URL,
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
  QuantConnectNetworkError,
  QuantConnectTimeoutError,
  QuantConnectUnreadableResponseError,
} from './lib/errors.js';
export { failureReasons, isFailureBody, readResponse } from './lib/read-response.js';
export * as sdk from './generated/sdk.gen.js';
export * as schemas from './generated/zod.gen.js';
export type * from './generated/types.gen.js';
