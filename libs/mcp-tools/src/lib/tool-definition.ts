import type { z } from 'zod';

/** A JSON Schema object, as sent in tools/list. */
export type JsonSchema = { readonly [key: string]: unknown };

/** The four MCP behaviour hints, always set explicitly (the display title is the tool's `title`). */
export interface ToolAnnotations {
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
  /** False for operations that take no request body: then none is sent. */
  readonly hasBody?: boolean;
}

type RequiredKeys<T> = { [K in keyof T]-?: object extends Pick<T, K> ? never : K }[keyof T];
type Mistyped<Sent, Body> = { [K in keyof Sent & keyof Body]: Sent[K] extends Body[K] ? never : K }[keyof Sent & keyof Body];

/**
 * `true` when the arguments a generated tool sends fit the request body of its operation (as
 * hey-api types it from the spec); otherwise a type that names the mismatch, so that assigning
 * `true` fails typecheck: a field the operation no longer takes, a required field the tool does not
 * send, or a field whose type changed.
 */
export type Contract<Sent, Body> = Body extends unknown ? Check<Sent, Body> : never;

/** The check against one body shape; a oneOf body is a union, and a tool must fit one of its branches. */
type Check<Sent, Body> = [Exclude<keyof Sent, keyof Body>] extends [never]
  ? [Exclude<RequiredKeys<Body>, keyof Sent>] extends [never]
    ? [Mistyped<Sent, Body>] extends [never]
      ? true
      : { readonly fieldsOfAnotherType: Mistyped<Sent, Body> }
    : { readonly requiredFieldsNotSent: Exclude<RequiredKeys<Body>, keyof Sent> }
  : { readonly fieldsTheOperationDoesNotTake: Exclude<keyof Sent, keyof Body> };

/** How to recognise an answer that says "still loading / still generating". */
export interface PendingRule {
  readonly property: string;
  readonly equals?: unknown;
  readonly unless?: string;
  /** Shown to the caller; `{percent}` is replaced by the progress. */
  readonly message: string;
}

/** Names a hand-written view that shapes a tool's answer for a model, with its options (overlay data). */
export interface ViewSpec {
  readonly name: string;
  readonly [option: string]: unknown;
}

/** How a tool waits for a long job (overlay data): the job kind, the tool that polls it, the bounds. */
export interface WaitSpec {
  readonly job: string;
  readonly poll: string;
  readonly defaultSeconds: number;
  readonly maxSeconds: number;
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
  /** Whether a failed call may be sent again; creates, deletes and live writes are sent exactly once. */
  readonly retry: boolean;
  /** The read tool that checks whether a write took effect. */
  readonly verify?: string;
  /** A live-trading write: listed and sent only as MCP_LIVE_TRADING allows. */
  readonly realMoney?: boolean;
  readonly endpoint?: ToolEndpoint;
  /** Body fields filled from configuration (never from the caller), e.g. codeSourceId. */
  readonly inject: Readonly<Record<string, InjectedValue | string>>;
  readonly pending?: PendingRule;
  readonly inputSchema: z.ZodType<Record<string, unknown>>;
  readonly inputJsonSchema: JsonSchema;
  /** Only where it tells a client something the description does not. */
  readonly outputJsonSchema?: JsonSchema;
  /** Arguments the server handles itself (views, waits); never sent to QuantConnect. */
  readonly localArguments: readonly string[];
  readonly view?: ViewSpec;
  readonly wait?: WaitSpec;
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
  /** Reports progress of a long call (MCP progress notifications, when the client asked for them). */
  readonly progress: (progress: number, total: number | undefined, message: string) => void;
  /** Upper bound on any wait a tool does, in seconds (the deployment's limit). */
  readonly maxWaitSeconds: number;
  /** The per-call time limit (QUANTCONNECT_TIMEOUT_MS): a tool that polls stops within it. */
  readonly timeoutMs: number;
  /** The size a result must fit, in bytes (views size their summaries by it). */
  readonly resultMaxBytes: number;
  /** How to wait between polls (tests make it instant). */
  readonly sleep: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The clock, in milliseconds. */
  readonly now: () => number;
}

/** A pointer to more data, listed with a result (becomes an MCP resource_link). */
export interface ResourceLinkSpec {
  readonly uri: string;
  readonly name: string;
  readonly description: string;
}

/** A tool's answer before it becomes an MCP result. */
export type ToolOutcome =
  | { readonly kind: 'data'; readonly data: Record<string, unknown>; readonly links?: readonly ResourceLinkSpec[] }
  /** "Still loading / still generating": not an error, not data; the caller should call again. */
  | { readonly kind: 'pending'; readonly message: string; readonly data: Record<string, unknown> };

export type ToolHandler = (args: Record<string, unknown>, context: ToolContext) => Promise<ToolOutcome>;

/** A tool the server can list and call. */
export interface Tool {
  readonly definition: ToolDefinition;
  readonly handler: ToolHandler;
}

/** A value built on first use and kept: tool schemas cost nothing until a tool is called. */
export function lazy<T>(build: () => T): () => T {
  let built: T | undefined;
  return () => (built ??= build());
}

/**
 * A definition with some fields replaced. Fields are copied as they are defined, so a getter (the
 * schema a generated tool builds on first use) stays a getter instead of being called, as a spread
 * would call it.
 */
export function redefine(definition: ToolDefinition, changes: Partial<ToolDefinition>): ToolDefinition {
  return Object.defineProperties({}, { ...Object.getOwnPropertyDescriptors(definition), ...Object.getOwnPropertyDescriptors(changes) }) as ToolDefinition;
}
