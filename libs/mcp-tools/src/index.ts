export { generatedTools, SPEC_SHA256 } from './generated/index.gen.js';
export type { InjectedValue, JsonSchema, PendingRule, ToolAnnotations, ToolDefinition, ToolEndpoint } from './lib/tool-definition.js';
