export { ConfigError, DEFAULT_AGENT_NAME, loadConfig, missingCredentials, PACKAGE_NAME, parseBoolean, parseToolsets, type ConfigFlags, type ServerConfig } from './lib/config.js';
export { SERVER_INSTRUCTIONS } from './lib/instructions.js';
export { jsonRpcError } from './lib/json-rpc.js';
export { redactor } from './lib/redact.js';
export { selectTools } from './lib/select.js';
export { createServer, SERVER_NAME, type CreateServerOptions, type ToolCallLog } from './lib/server.js';
export { describeInvalidArguments, describeToolError } from './lib/tool-errors.js';
