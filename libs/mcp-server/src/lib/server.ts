import { createClient, DEFAULT_BASE_URL, DEFAULT_TIMEOUT_MS, type QuantConnectClient } from '@qc-mcp/api-client';
import { allTools, type Tool, type ToolContext } from '@qc-mcp/mcp-tools';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import type { jsonSchemaValidator } from '@modelcontextprotocol/sdk/validation';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError, type CallToolResult, type Tool as ListedTool } from '@modelcontextprotocol/sdk/types.js';
import { DEFAULT_AGENT_NAME, DEFAULT_REGISTRY_URL, PACKAGE_NAME, type ServerConfig } from './config.js';
import { SERVER_INSTRUCTIONS } from './instructions.js';
import { redactor } from './redact.js';
import { selectTools } from './select.js';
import { describeInvalidArguments, describeToolError } from './tool-errors.js';

export const SERVER_NAME = 'quantconnect-mcp';

/** One line per tool call; never arguments, results or secrets. */
export interface ToolCallLog {
  readonly tool: string;
  readonly outcome: 'ok' | 'pending' | 'error' | 'invalid-arguments';
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
}

interface Selection {
  readonly byName: ReadonlyMap<string, Tool>;
  readonly listed: ListedTool[];
}

/** The selected tools and their tools/list entries, computed once per selection: a server per request stays cheap. */
const selections = new WeakMap<readonly Tool[], Map<string, Selection>>();

function selection(tools: readonly Tool[], toolsets: readonly string[] | undefined, readOnly: boolean | undefined): Selection {
  const key = `${toolsets?.join(',') ?? '*'}|${readOnly ? 'ro' : 'rw'}`;
  let byKey = selections.get(tools);
  if (!byKey) selections.set(tools, (byKey = new Map()));
  let cached = byKey.get(key);
  if (!cached) {
    const selected = selectTools(tools, { toolsets, readOnly });
    cached = {
      byName: new Map(selected.map((tool) => [tool.definition.name, tool])),
      listed: selected.map(({ definition }) => ({
        name: definition.name,
        title: definition.title,
        description: definition.description,
        inputSchema: definition.inputJsonSchema as ListedTool['inputSchema'],
        outputSchema: definition.outputJsonSchema as ListedTool['outputSchema'],
        annotations: definition.annotations,
      })),
    };
    byKey.set(key, cached);
  }
  return cached;
}

/**
 * The SDK builds a JSON Schema validator (a new Ajv) for every server unless given one. Tools never
 * ask the client for input, so one validator, built on first use, serves every per-request server.
 */
let sharedAjv: AjvJsonSchemaValidator | undefined;
const sharedValidator: jsonSchemaValidator = { getValidator: (schema) => (sharedAjv ??= new AjvJsonSchemaValidator()).getValidator(schema) };

/** QuantConnect clients by configuration, so per-request servers reuse one (bounded: credentials may rotate). */
const clients = new Map<string, QuantConnectClient>();
function cachedClient(options: CreateServerOptions, baseUrl: string): QuantConnectClient {
  const key = JSON.stringify([options.userId, options.apiToken, baseUrl, options.timeoutMs, options.credentialNames]);
  let client = clients.get(key);
  if (!client) {
    if (clients.size >= 16) clients.clear();
    client = createClient({ userId: options.userId, apiToken: options.apiToken, baseUrl, timeoutMs: options.timeoutMs, credentialNames: options.credentialNames });
    clients.set(key, client);
  }
  return client;
}

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
  const { byName, listed } = selection(tools, options.toolsets, options.readOnly);
  const baseUrl = options.baseUrl ?? DEFAULT_BASE_URL;
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const qc = options.client ?? cachedClient(options, baseUrl);
  const redact = redactor([options.apiToken]);
  const log = options.log ?? (() => undefined);

  const server = new Server(
    { name: SERVER_NAME, title: 'QuantConnect', version: options.version ?? '0.0.0' },
    { capabilities: { tools: { listChanged: false } }, instructions: SERVER_INSTRUCTIONS, jsonSchemaValidator: sharedValidator },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: listed }));

  server.setRequestHandler(CallToolRequestSchema, async (request, extra): Promise<CallToolResult> => {
    const tool = byName.get(request.params.name);
    if (!tool) {
      throw new McpError(
        ErrorCode.InvalidParams,
        `Unknown tool '${request.params.name}'. It may be outside the selected toolsets or read-only mode; call tools/list for the available tools.`,
      );
    }
    const { definition, handler } = tool;
    const started = performance.now();
    const finish = (outcome: ToolCallLog['outcome'], errorKind?: string) =>
      log({ tool: definition.name, outcome, durationMs: Math.round(performance.now() - started), ...(errorKind ? { errorKind } : {}) });

    const parsed = definition.inputSchema.safeParse(dropNulls(request.params.arguments));
    if (!parsed.success) {
      finish('invalid-arguments');
      return { isError: true, content: [{ type: 'text', text: describeInvalidArguments(definition.name, parsed.error) }] };
    }
    const context: ToolContext = {
      qc,
      agentName: options.agentName ?? DEFAULT_AGENT_NAME,
      signal: extra.signal,
      packageName: options.packageName ?? PACKAGE_NAME,
      version: options.version ?? '0.0.0',
      registryUrl: options.registryUrl ?? DEFAULT_REGISTRY_URL,
      fetch: options.fetch ?? fetch,
    };
    try {
      const outcome = await handler(parsed.data, context);
      if (outcome.kind === 'pending') {
        finish('pending');
        const progress = outcome.data.progress ?? null;
        return {
          content: [{ type: 'text', text: redact(outcome.message) }],
          structuredContent: { pending: true, message: redact(outcome.message), progress },
        };
      }
      finish('ok');
      return {
        content: [{ type: 'text', text: redact(JSON.stringify(outcome.data)) }],
        structuredContent: outcome.data,
      };
    } catch (error) {
      finish('error', (error as { kind?: string }).kind ?? 'unexpected');
      return { isError: true, content: [{ type: 'text', text: redact(describeToolError(error, definition, { baseUrl, timeoutMs })) }] };
    }
  });

  return server;
}
