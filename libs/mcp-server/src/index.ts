// First: it configures zod before any schema is built (see the module).
import './lib/zod-setup.js';

export {
  ConfigError,
  DEFAULT_AGENT_NAME,
  LIVE_TRADING_MODES,
  loadConfig,
  missingCredentials,
  PACKAGE_NAME,
  parseBoolean,
  parseLiveTrading,
  parseToolsets,
  type ConfigDefaults,
  type ConfigFlags,
  type LiveTrading,
  type ServerConfig,
} from './lib/config.js';
export { SERVER_INSTRUCTIONS } from './lib/instructions.js';
export { answerJsonRpc, BATCH_REFUSED, jsonRpcError, stringifyJsonRpc, type JsonRpcAnswer, type JsonRpcHeaders } from './lib/json-rpc.js';
export { redactor } from './lib/redact.js';
export { selectTools } from './lib/select.js';
export { createServer, SERVER_NAME, type CreateServerOptions, type ToolCallLog } from './lib/server.js';
export { describeInvalidArguments, describeToolError } from './lib/tool-errors.js';
