import { generatedTools, SPEC_SHA256, TOOLSETS } from './generated/index.gen.js';
import { authorizeConnectionTool } from './custom/authorize-connection.js';
import { uploadObjectTool } from './custom/upload-object.js';
import { readLatestMcpServerVersion, readMcpServerVersion } from './custom/version.js';
import { generatedHandler } from './lib/invoke.js';
import type { Tool, ToolDefinition } from './lib/tool-definition.js';

/** Hand-written behaviour for tools whose metadata comes from the spec. */
const customHandlers: Readonly<Record<string, (definition: ToolDefinition) => Tool>> = {
  authorize_connection: (definition) => authorizeConnectionTool(definition),
  upload_object: uploadObjectTool,
};

/** Every tool this server offers: the generated ones (some with custom behaviour) and the local ones. */
export const allTools: readonly Tool[] = [
  ...generatedTools.map((definition) => customHandlers[definition.name]?.(definition) ?? { definition, handler: generatedHandler(definition) }),
  readMcpServerVersion,
  readLatestMcpServerVersion,
];

export { generatedTools, SPEC_SHA256, TOOLSETS };
export { asObject, generatedHandler, pendingMessage, requestBody } from './lib/invoke.js';
export { authorizeConnectionTool } from './custom/authorize-connection.js';
export type {
  InjectedValue,
  JsonSchema,
  PendingRule,
  Tool,
  ToolAnnotations,
  ToolContext,
  ToolDefinition,
  ToolEndpoint,
  ToolHandler,
  ToolOutcome,
} from './lib/tool-definition.js';
