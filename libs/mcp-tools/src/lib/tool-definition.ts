import type { z } from 'zod';

/** A JSON Schema object, as sent in tools/list. */
export type JsonSchema = { readonly [key: string]: unknown };

/** The four MCP behaviour hints, always set explicitly, plus the display title. */
export interface ToolAnnotations {
  readonly title: string;
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
}

/** The QuantConnect operation a tool calls. */
export interface ToolEndpoint {
  readonly operationId: string;
  readonly method: 'POST';
  readonly path: string;
  readonly contentType: string;
}

/** How to recognise an answer that says "still loading / still generating". */
export interface PendingRule {
  readonly property: string;
  readonly equals?: unknown;
  readonly unless?: string;
  /** Shown to the caller; `{percent}` is replaced by the progress. */
  readonly message: string;
}

/** Configuration values a tool may inject into the request body. */
export type InjectedValue = 'agentName';

/**
 * Everything needed to list and call one tool. Generated definitions are plain data computed at
 * generation time, so building a server per request costs no schema work.
 */
export interface ToolDefinition {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly toolset: string;
  /** `custom` tools take their metadata from here and their behaviour from hand-written code. */
  readonly implementation: 'generated' | 'custom' | 'local';
  readonly annotations: ToolAnnotations;
  readonly endpoint?: ToolEndpoint;
  /** Body fields filled from configuration (never from the caller), e.g. codeSourceId. */
  readonly inject: Readonly<Record<string, InjectedValue | string>>;
  readonly pending?: PendingRule;
  readonly inputSchema: z.ZodType<Record<string, unknown>>;
  readonly inputJsonSchema: JsonSchema;
  readonly outputJsonSchema: JsonSchema;
}

/** What a tool handler may use: the QuantConnect client and the server's configuration. */
export interface ToolContext {
  readonly qc: import('@qc-mcp/api-client').QuantConnectClient;
  /** Sent as codeSourceId (AGENT_NAME). */
  readonly agentName: string;
  /** Aborted when the MCP request is cancelled. */
  readonly signal: AbortSignal;
  /** This server's package name and version. */
  readonly packageName: string;
  readonly version: string;
  /** The npm registry asked for the latest version. */
  readonly registryUrl: string;
  readonly fetch: typeof fetch;
}

/** A tool's answer before it becomes an MCP result. */
export type ToolOutcome =
  | { readonly kind: 'data'; readonly data: Record<string, unknown> }
  /** "Still loading / still generating": not an error, not data; the caller should call again. */
  | { readonly kind: 'pending'; readonly message: string; readonly data: Record<string, unknown> };

export type ToolHandler = (args: Record<string, unknown>, context: ToolContext) => Promise<ToolOutcome>;

/** A tool the server can list and call. */
export interface Tool {
  readonly definition: ToolDefinition;
  readonly handler: ToolHandler;
}
