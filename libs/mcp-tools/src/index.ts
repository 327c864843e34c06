import { generatedTools, PRESETS, SPEC_SHA256, TOOLSETS, type CustomToolName } from './generated/index.gen.js';
import { authorizeConnectionTool } from './custom/authorize-connection.js';
import { runBacktestTool } from './custom/run-backtest.js';
import { uploadObjectTool } from './custom/upload-object.js';
import { readLatestMcpServerVersionTool, readMcpServerVersionTool } from './custom/version.js';
import { generatedHandler } from './lib/invoke.js';
import type { Tool, ToolDefinition } from './lib/tool-definition.js';

const registry: ReadonlyMap<string, ToolDefinition> = new Map(generatedTools.map((definition) => [definition.name, definition]));

/**
 * Hand-written behaviour for tools whose metadata comes from the spec and its overlays: exactly one
 * per tool the overlay marks custom, or typecheck fails.
 */
const customHandlers: { readonly [name in CustomToolName]: (definition: ToolDefinition) => Tool } = {
  authorize_connection: (definition) => authorizeConnectionTool(definition),
  upload_object: uploadObjectTool,
  run_backtest: (definition) => runBacktestTool(definition, registry),
  read_mcp_server_version: readMcpServerVersionTool,
  read_latest_mcp_server_version: readLatestMcpServerVersionTool,
};

function build(definition: ToolDefinition): Tool {
  const custom = (customHandlers as Readonly<Record<string, ((definition: ToolDefinition) => Tool) | undefined>>)[definition.name];
  if (definition.implementation !== 'generated' && !custom) throw new Error(`${definition.name} is marked ${definition.implementation} in the overlay but has no hand-written handler.`);
  if (custom && definition.implementation === 'generated') throw new Error(`${definition.name} has a hand-written handler but the overlay does not mark it custom.`);
  return custom ? custom(definition) : { definition, handler: generatedHandler(definition, registry) };
}

/** Every tool this server offers: the generated ones (some with custom behaviour) and the local ones. */
export const allTools: readonly Tool[] = generatedTools.map(build);

export { generatedTools, PRESETS, SPEC_SHA256, TOOLSETS };
export { asObject, generatedHandler, pendingMessage, requestBody, shape, splitArguments } from './lib/invoke.js';
export { atPointer, fitJson, jsonBytes, pageOf, type Fitted, type Omission } from './lib/budget.js';
export { RESOURCE_TEMPLATES, resolveResourceUri, ResourceUriError, uris, withPage, type ResourceCall, type ResourceTemplateSpec } from './lib/resources.js';
export { JOBS, waitForJob, waitSeconds } from './lib/wait.js';
export { compileErrors, downsample, htmlText, ToolArgumentError, views } from './views/index.js';
export { authorizeConnectionTool } from './custom/authorize-connection.js';
export type {
  InjectedValue,
  JsonSchema,
  PendingRule,
  ResourceLinkSpec,
  Tool,
  ToolAnnotations,
  ToolContext,
  ToolDefinition,
  ToolEndpoint,
  ToolHandler,
  ToolOutcome,
  ViewSpec,
  WaitSpec,
} from './lib/tool-definition.js';
