/** A JSON value as parsed from YAML or JSON. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const isObject = (value: unknown): value is JsonObject => typeof value === 'object' && value !== null && !Array.isArray(value);

/** One OpenAPI Overlay 1.0 document and the file it came from. */
export interface OverlayFile {
  readonly name: string;
  readonly document: JsonObject;
}

/** Everything the pure core needs: no file system, no clock. */
export interface GenerateInput {
  /** The upstream spec, already parsed. */
  readonly spec: JsonObject;
  /** The upstream file's sha256, printed in every generated header. */
  readonly specSha256: string;
  /** The upstream file's name, printed in every generated header. */
  readonly specName: string;
  /** Overlays, applied in the order given. */
  readonly overlays: readonly OverlayFile[];
  /**
   * Report overlay actions that match nothing instead of failing on them (update-spec reviews a
   * new spec this way); a plain generation fails on any.
   */
  readonly reviewStaleOverlays?: boolean;
}

/** The `x-mcp` entry of one tool, as written in the overlays. */
export interface ToolMeta {
  readonly name: string;
  readonly title: string;
  readonly toolset: string;
  readonly readOnlyHint: boolean;
  readonly destructiveHint: boolean;
  readonly idempotentHint: boolean;
  readonly openWorldHint: boolean;
  /** Whether a failed call may be sent again (reads and idempotent updates); creates, deletes and live writes never. */
  readonly retry: boolean;
  /** The read tool that checks whether a write took effect, named when a failure may have reached QuantConnect. */
  readonly verify?: string;
  /** A live-trading write: listed and sent only as MCP_LIVE_TRADING allows. */
  readonly realMoney?: true;
  readonly description?: string;
  /** A `$ref` that picks one branch of a oneOf request body. */
  readonly body?: string;
  /** The body properties the tool exposes; all when absent. */
  readonly fields?: readonly string[];
  /** Body properties this tool requires although the operation does not. */
  readonly required?: readonly string[];
  /** Body properties filled from configuration, never from the caller. */
  readonly inject?: Readonly<Record<string, string>>;
  /** `custom` when the handler is hand-written (the metadata still comes from here); `local` for tools that call no operation. */
  readonly implementation?: 'generated' | 'custom' | 'local';
  /** Arguments the server handles itself (views, waits); never sent to QuantConnect. */
  readonly arguments?: Readonly<Record<string, JsonObject>>;
  /** How the answer is shaped for a model (a summary, a page); handled by the named view. */
  readonly view?: ToolView;
  /** Waits for the job the call starts or reads, polling another tool. */
  readonly wait?: ToolWait;
}

/** Names a hand-written result view and its options (which member holds the list, and so on). */
export interface ToolView {
  readonly name: string;
  readonly [option: string]: Json;
}

/** How a tool waits for a long job: which job, which tool polls it, and for how long by default. */
export interface ToolWait {
  readonly job: string;
  readonly poll: string;
  readonly defaultSeconds: number;
  readonly maxSeconds: number;
}

/** How a tool recognises a "still loading / still generating" answer. */
export interface PendingRule {
  readonly property: string;
  readonly equals?: Json;
  readonly unless?: string;
  readonly message: string;
}

/** A field of a tool's flat input, for the surface file. */
export interface InputField {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
}

/** Everything known about one tool once the spec is patched. */
export interface ToolModel {
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly toolset: string;
  /** The four hints; the display title is the tool's top-level `title`. */
  readonly annotations: {
    readonly readOnlyHint: boolean;
    readonly destructiveHint: boolean;
    readonly idempotentHint: boolean;
    readonly openWorldHint: boolean;
  };
  readonly implementation: 'generated' | 'custom' | 'local';
  readonly retry: boolean;
  readonly verify?: string;
  readonly realMoney?: true;
  readonly operationId: string;
  readonly path: string;
  readonly contentType: string;
  readonly inject: Readonly<Record<string, string>>;
  readonly inputFields: readonly InputField[];
  readonly inputJsonSchema: JsonObject;
  /** Whether the operation takes a request body at all (read_account does not). */
  readonly hasBody: boolean;
  /** The hey-api type of the operation's request body, for the compile-time contract; none without a body. */
  readonly bodyType?: string;
  /** Top-level fields of QuantConnect's success answer, for the surface file. */
  readonly outputFields: readonly string[];
  /** Zod source text for the input schema: the spec's full shape, even where the listing is summarised. */
  readonly inputZod: string;
  readonly pending?: PendingRule;
  /** Arguments the server handles itself; never sent. */
  readonly localArguments: readonly string[];
  readonly view?: ToolView;
  readonly wait?: ToolWait;
}

export interface ApiModel {
  readonly specSha256: string;
  readonly specName: string;
  readonly tools: readonly ToolModel[];
  /** Named selections of tools across toolsets (`core`), from the spec root's `x-mcp-presets`. */
  readonly presets: Readonly<Record<string, readonly string[]>>;
  /** Operations that carry no x-mcp metadata: they produce no tool. */
  readonly uncoveredOperations: readonly string[];
}

/** The pure core's result: files keyed by workspace-relative path, plus the patched spec. */
export interface GenerateOutput {
  readonly files: ReadonlyMap<string, string>;
  readonly patchedSpec: JsonObject;
  readonly model: ApiModel;
  readonly warnings: readonly string[];
  /** Overlay actions that matched nothing (only when reviewing stale overlays). */
  readonly unmatched: readonly import('./overlay.js').UnmatchedAction[];
}

/** A failure the user can fix by editing the spec or an overlay. */
export class GenerationError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GenerationError';
  }
}
