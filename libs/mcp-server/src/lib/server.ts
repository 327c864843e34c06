import { createClient, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, type QuantConnectClient } from '@qc-mcp/api-client';
import {
  allTools,
  atPointer,
  fitJson,
  jsonBytes,
  pageOf,
  RESOURCE_TEMPLATES,
  resolveResourceUri,
  ResourceUriError,
  ToolArgumentError,
  withPage,
  type Tool,
  type ToolContext,
} from '@qc-mcp/mcp-tools';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  ReadResourceRequestSchema,
  type CallToolResult,
  type ReadResourceResult,
  type Tool as ListedTool,
} from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_AGENT_NAME, DEFAULT_MAX_WAIT_SECONDS, DEFAULT_REGISTRY_URL, PACKAGE_NAME, type LiveTrading, type ServerConfig } from './config.js';
import { confirmLiveAction } from './confirm.js';
import { formValidator } from './form-validator.js';
import { sharedResult } from './json-rpc.js';
import { SERVER_INSTRUCTIONS } from './instructions.js';
import { redactor } from './redact.js';
import { budgetedResult, DEFAULT_RESULT_MAX_BYTES } from './result.js';
import { selectTools } from './select.js';
import { describeInvalidArguments, describeToolError } from './tool-errors.js';

export const SERVER_NAME = 'quantconnect-mcp';

/** One line per tool call; never arguments, results or secrets. */
export interface ToolCallLog {
  readonly tool: string;
  readonly outcome: 'ok' | 'pending' | 'error' | 'invalid-arguments' | 'declined';
  readonly durationMs: number;
  readonly errorKind?: string;
}

export interface CreateServerOptions extends Partial<ServerConfig> {
  /** A ready client (tests, or a Lambda that caches one); otherwise one is built from the credentials. */
  readonly client?: QuantConnectClient;
  readonly tools?: readonly Tool[];
  readonly log?: (entry: ToolCallLog) => void;
  /** Used by the version check (tests point it at a fake registry). */
  readonly fetch?: typeof fetch;
  /** How to name missing credentials, e.g. the fields of a Secrets Manager secret. */
  readonly credentialNames?: readonly [userId: string, apiToken: string];
  /** Why the credentials could not be loaded, when that is the case (a secret that could not be read). */
  readonly credentialsProblem?: string;
  /** How long-job waits sleep between polls (tests make it instant). */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** The clock for waits, in milliseconds. */
  readonly now?: () => number;
  /**
   * Whether the transport can carry a request from server to client (stdio can; stateless HTTP
   * with JSON answers cannot), which asking the user to confirm a live action needs.
   */
  readonly canAskUser?: boolean;
}

interface Selection {
  readonly byName: ReadonlyMap<string, Tool>;
  /** The tools/list result, the same object for every request (serialized once, see sharedResult). */
  readonly listResult: { tools: ListedTool[] };
}

/** The selected tools and their tools/list entries, computed once per selection: a server per request stays cheap. */
const selections = new WeakMap<readonly Tool[], Map<string, Selection>>();

function selection(tools: readonly Tool[], toolsets: readonly string[] | undefined, readOnly: boolean | undefined, liveTrading: LiveTrading): Selection {
  const key = `${toolsets?.join(',') ?? '*'}|${readOnly ? 'ro' : 'rw'}|${liveTrading}`;
  let byKey = selections.get(tools);
  if (!byKey) selections.set(tools, (byKey = new Map()));
  let cached = byKey.get(key);
  if (!cached) {
    // With live trading off, the tools that trade are not offered at all.
    const selected = selectTools(tools, { toolsets, readOnly }).filter(({ definition }) => liveTrading !== 'off' || !definition.realMoney);
    cached = {
      byName: new Map(selected.map((tool) => [tool.definition.name, tool])),
      listResult: sharedResult({
        tools: selected.map(({ definition }) => ({
          name: definition.name,
          title: definition.title,
          description: definition.description,
          inputSchema: definition.inputJsonSchema as ListedTool['inputSchema'],
          ...(definition.outputJsonSchema ? { outputSchema: definition.outputJsonSchema as ListedTool['outputSchema'] } : {}),
          annotations: definition.annotations,
        })),
      }),
    };
    byKey.set(key, cached);
  }
  return cached;
}


/** QuantConnect clients by configuration, so per-request servers reuse one (bounded: credentials may rotate). */
const clients = new Map<string, QuantConnectClient>();
function cachedClient(options: CreateServerOptions, baseUrl: string): QuantConnectClient {
  const key = JSON.stringify([options.userId, options.apiToken, baseUrl, options.timeoutMs, options.credentialNames, options.credentialsProblem, options.maxResponseBytes]);
  let client = clients.get(key);
  if (!client) {
    if (clients.size >= 16) clients.clear();
    client = createClient({
      userId: options.userId,
      apiToken: options.apiToken,
      baseUrl,
      timeoutMs: options.timeoutMs,
      credentialNames: options.credentialNames,
      credentialsProblem: options.credentialsProblem,
      maxResponseBytes: options.maxResponseBytes,
    });
    clients.set(key, client);
  }
  return client;
}

const defaultSleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const timer = setTimeout(() => (signal.removeEventListener('abort', onAbort), resolve()), ms);
    const onAbort = () => (clearTimeout(timer), reject(signal.reason));
    signal.addEventListener('abort', onAbort, { once: true });
  });

/** Every tool by name, for resource reads (which may read any read-only tool, selected or not). */
const everyTool = new WeakMap<readonly Tool[], ReadonlyMap<string, Tool>>();
function byNameOf(tools: readonly Tool[]): ReadonlyMap<string, Tool> {
  let map = everyTool.get(tools);
  if (!map) everyTool.set(tools, (map = new Map(tools.map((tool) => [tool.definition.name, tool]))));
  return map;
}

const RESOURCE_TEMPLATE_LIST = sharedResult({
  resourceTemplates: RESOURCE_TEMPLATES.map(({ uriTemplate, name, title, description }) => ({
    uriTemplate,
    name,
    title,
    description,
    mimeType: 'application/json',
  })),
});

/**
 * A JSON-RPC error for the SDK to send: its message as written (the SDK's McpError would prefix
 * "MCP error <code>:", which clients prefix again).
 */
const rpcError = (code: ErrorCode, message: string) => Object.assign(new Error(message), { code });

/** More arguments than any tool takes: refused by count, before validation spends time on them. */
const MAX_ARGUMENTS = 64;

/** Optional arguments sent as null mean "not given" (many models send them that way). */
function dropNulls(args: Record<string, unknown> | undefined): Record<string, unknown> {
  return Object.fromEntries(Object.entries(args ?? {}).filter(([, value]) => value !== null));
}

/**
 * Builds an MCP server with the selected QuantConnect tools. This is the only place tools are
 * registered with the SDK; the apps only choose a transport.
 */
export function createServer(options: CreateServerOptions = {}): Server {
  const tools = options.tools ?? allTools;
  const liveTrading = options.liveTrading ?? 'confirm';
  const { byName, listResult } = selection(tools, options.toolsets, options.readOnly, liveTrading);
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  // Built on the first call that needs QuantConnect: initialize and tools/list never build it.
  let qc: QuantConnectClient | undefined;
  const client = () => (qc ??= options.client ?? cachedClient(options, baseUrl));
  const redact = redactor([options.apiToken], () => qc?.sentSecrets?.() ?? []);
  const log = options.log ?? (() => undefined);

  const resultMaxBytes = options.resultMaxBytes ?? DEFAULT_RESULT_MAX_BYTES;

  const server = new Server(
    { name: SERVER_NAME, title: 'QuantConnect', version: options.version ?? '0.0.0' },
    {
      capabilities: { tools: { listChanged: false }, resources: { listChanged: false } },
      instructions: SERVER_INSTRUCTIONS,
      // The SDK would build an Ajv per server; forms (elicitation) are flat, and this checks them.
      jsonSchemaValidator: formValidator,
    },
  );

  const contextFor = (signal: AbortSignal, progress: ToolContext['progress']): ToolContext => ({
    qc: client(),
    agentName: options.agentName ?? DEFAULT_AGENT_NAME,
    signal,
    packageName: options.packageName ?? PACKAGE_NAME,
    version: options.version ?? '0.0.0',
    registryUrl: options.registryUrl ?? DEFAULT_REGISTRY_URL,
    fetch: options.fetch ?? fetch,
    progress,
    maxWaitSeconds: options.maxWaitSeconds ?? DEFAULT_MAX_WAIT_SECONDS,
    timeoutMs,
    resultMaxBytes,
    sleep: options.sleep ?? defaultSleep,
    now: options.now ?? Date.now,
  });

  server.setRequestHandler(ListToolsRequestSchema, async () => listResult);

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name);
    if (!tool) {
      throw rpcError(
        ErrorCode.InvalidParams,
        `Unknown tool '${request.params.name}'. It may be outside the selected toolsets or read-only mode; call tools/list for the available tools.`,
      );
    }
    const { definition, handler } = tool;
    const started = performance.now();
    const finish = (outcome: ToolCallLog['outcome'], errorKind?: string) =>
      log({ tool: definition.name, outcome, durationMs: Math.round(performance.now() - started), ...(errorKind ? { errorKind } : {}) });

    const args = dropNulls(request.params.arguments);
    const count = Object.keys(args).length;
    if (count > MAX_ARGUMENTS) {
      finish('invalid-arguments');
      return { isError: true, content: [{ type: 'text', text: `Invalid arguments for ${definition.name}: ${count} arguments given; it takes at most ${Object.keys((definition.inputJsonSchema.properties as object | undefined) ?? {}).length}. See its input schema.` }] };
    }
    const parsed = definition.inputSchema.safeParse(args);
    if (!parsed.success) {
      finish('invalid-arguments');
      return { isError: true, content: [{ type: 'text', text: describeInvalidArguments(definition.name, parsed.error, args) }] };
    }
    if (definition.realMoney && liveTrading === 'confirm' && options.canAskUser !== false && server.getClientCapabilities()?.elicitation) {
      const refusal = await confirmLiveAction(server, definition, parsed.data, extra.signal);
      if (refusal) {
        finish('declined');
        return { isError: true, content: [{ type: 'text', text: refusal }] };
      }
    }
    const progressToken = request.params._meta?.progressToken;
    let lastProgress = -Infinity;
    const progress: ToolContext['progress'] = (value, total, message) => {
      if (progressToken === undefined || !(value > lastProgress)) return;
      lastProgress = value;
      void extra
        .sendNotification({ method: 'notifications/progress', params: { progressToken, progress: value, ...(total !== undefined ? { total } : {}), message } })
        .catch(() => undefined);
    };
    try {
      const outcome = await handler(parsed.data, contextFor(extra.signal, progress));
      if (outcome.kind === 'pending') {
        finish('pending');
        const progressValue = outcome.data.progress ?? null;
        return {
          content: [{ type: 'text', text: redact(outcome.message) }],
          structuredContent: { pending: true, message: redact(outcome.message), progress: progressValue },
        };
      }
      finish('ok');
      return budgetedResult(definition, parsed.data, outcome.data, outcome.links ?? [], resultMaxBytes, redact);
    } catch (error) {
      finish('error', (error as { kind?: string }).kind ?? (error instanceof Error ? error.name : 'unexpected'));
      return { isError: true, content: [{ type: 'text', text: redact(describeToolError(error, definition, { baseUrl, timeoutMs })) }] };
    }
  });

  server.setRequestHandler(ListResourcesRequestSchema, async () => ({ resources: [] }));
  server.setRequestHandler(ListResourceTemplatesRequestSchema, async () => RESOURCE_TEMPLATE_LIST);
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra): Promise<ReadResourceResult> => {
    const uri = request.params.uri;
    let call: ReturnType<typeof resolveResourceUri>;
    try {
      call = resolveResourceUri(uri);
    } catch (error) {
      if (error instanceof ResourceUriError) throw rpcError(ErrorCode.InvalidParams, error.message);
      throw error;
    }
    const tool = byNameOf(tools).get(call.tool);
    if (!tool || !tool.definition.annotations.readOnlyHint) {
      throw rpcError(ErrorCode.InvalidParams, `Resources read only read-only tools; '${call.tool}' is not one.`);
    }
    const parsed = tool.definition.inputSchema.safeParse(call.args);
    if (!parsed.success) throw rpcError(ErrorCode.InvalidParams, describeInvalidArguments(`${uri} (${call.tool})`, parsed.error));
    let outcome;
    try {
      outcome = await tool.handler(parsed.data, contextFor(extra.signal, () => undefined));
    } catch (error) {
      // A wrong section name is the caller's to fix; anything else failed on the way to QuantConnect or back.
      const code = error instanceof ToolArgumentError ? ErrorCode.InvalidParams : ErrorCode.InternalError;
      throw rpcError(code, redact(describeToolError(error, tool.definition, { baseUrl, timeoutMs })));
    }
    const base = uri.replace(/([?&])page=\d+(&?)/, (_match, lead: string, tail: string) => (tail ? lead : '')).replace(/[?&]$/, '');
    const text = (value: unknown) => redact(JSON.stringify(value));
    if (outcome.kind === 'pending') {
      return { contents: [{ uri, mimeType: 'application/json', text: text({ pending: true, message: outcome.message }) }] };
    }
    const value = atPointer(outcome.data, call.path);
    if (value === undefined) {
      throw rpcError(ErrorCode.InvalidParams, `${uri}: the answer of ${call.tool} has nothing at '${call.path}'. Read ${base.split('?')[0]} without a path first.`);
    }
    const page = pageOf(value, call.page, Math.floor(resultMaxBytes * 0.7));
    // Measured as sent (the JSON text inside JSON-RPC): a page of escaped text is cut further.
    for (const share of [0.8, 0.6, 0.4, 0.2]) {
      const fitted = fitJson(page.value, Math.floor(resultMaxBytes * share));
      const body = {
        uri: base,
        page: page.page,
        pages: page.pages,
        ...(page.page < page.pages ? { next: withPage(base, page.page + 1) } : {}),
        ...(fitted.omitted.length > 0 ? { truncated: { note: 'This page was cut to the result budget.', omitted: fitted.omitted.slice(0, 12) } } : {}),
        value: fitted.value,
      };
      const result = { contents: [{ uri, mimeType: 'application/json', text: text(body) }] };
      if (jsonBytes(result) <= resultMaxBytes) return result;
    }
    throw rpcError(ErrorCode.InternalError, `${uri} could not be cut to the result budget (MCP_RESULT_MAX_BYTES=${resultMaxBytes}).`);
  });

  return server;
}
