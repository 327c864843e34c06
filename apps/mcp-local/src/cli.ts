import { parseArgs } from 'node:util';
import { ConfigError, parseBoolean } from '@qc-mcp/mcp-server';

export const USAGE = `quantconnect-mcp: an MCP server for the QuantConnect cloud platform

Usage:
  quantconnect-mcp                 serve MCP over stdio (what desktop assistants launch)
  quantconnect-mcp --http          serve Streamable HTTP at http://MCP_HOST:MCP_PORT/mcp

Options:
  --http                 serve HTTP instead of stdio
  --host <host>          HTTP host (MCP_HOST, default 127.0.0.1); a non-loopback host needs MCP_AUTH_TOKEN
  --port <port>          HTTP port (MCP_PORT, default 8000)
  --toolsets <list>      comma list of toolsets and presets, any case (MCP_TOOLSETS, default all):
                         account, projects, files, compile, backtests, optimizations, live, object-store, meta, ai;
                         the preset core is the edit, compile, backtest, read loop (14 tools)
  --read-only            only tools that change nothing (MCP_READ_ONLY)
  --live-trading <mode>  off: live-trading writes are not offered; confirm (default): the user confirms each
                         one through the client when it can ask (stdio); on: sent as asked (MCP_LIVE_TRADING)
  --list-tools           print the selected tools and exit
  --version              print the version and exit
  --help                 print this help and exit

Environment (flags win):
  QUANTCONNECT_USER_ID, QUANTCONNECT_API_TOKEN   QuantConnect credentials (https://www.quantconnect.com/settings)
  QUANTCONNECT_API_BASE_URL                      default https://www.quantconnect.com/api/v2 (https, or http to localhost)
  QUANTCONNECT_TIMEOUT_MS                        time limit of one QuantConnect call, retries included (default 30000)
  QUANTCONNECT_MAX_RESPONSE_BYTES                larger QuantConnect answers are refused unread (default 33554432)
  AGENT_NAME                                     sent as codeSourceId on edits (default "QuantConnect MCP Server")
  MCP_TOOLSETS, MCP_READ_ONLY, MCP_LIVE_TRADING  as --toolsets, --read-only, --live-trading
  MCP_HOST, MCP_PORT                             as --host, --port
  MCP_AUTH_TOKEN                                 bearer token required by the HTTP server when set
  MCP_ALLOWED_ORIGINS                            extra browser origins allowed to call the HTTP server (comma list)
  MCP_RESULT_MAX_BYTES                           size of one tool result or resource page, text and structured together (default 100000)
  MCP_MAX_WAIT_SECONDS                           longest wait for a compile, backtest or optimization (default 50)
  NPM_CONFIG_REGISTRY                            registry asked by read_latest_mcp_server_version (default https://registry.npmjs.org)

Exit codes:
  0  stopped cleanly
  1  could not run: the port is in use, or calls in flight were cut at shutdown
  2  a configuration mistake: a wrong flag, variable or value (the message says which)
`;

export interface CliOptions {
  readonly http: boolean;
  readonly host: string;
  readonly port: number;
  readonly toolsets?: string;
  readonly readOnly?: boolean;
  readonly liveTrading?: string;
  readonly listTools: boolean;
  readonly help: boolean;
  readonly version: boolean;
}

function nonEmpty(flag: string, value: string): string {
  if (value.trim() === '') throw new ConfigError(`${flag} needs a value: a comma list such as projects,files,backtests (or leave the flag out for all).`);
  return value;
}

/** Parses the command line; flags win over the environment. Throws ConfigError on a mistake. */
export function parseCli(argv: readonly string[], env: NodeJS.ProcessEnv): CliOptions {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      options: {
        http: { type: 'boolean' },
        host: { type: 'string' },
        port: { type: 'string' },
        toolsets: { type: 'string' },
        'read-only': { type: 'boolean' },
        'live-trading': { type: 'string' },
        'list-tools': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    }));
  } catch (error) {
    throw new ConfigError(`${error instanceof Error ? error.message : String(error)}. Run quantconnect-mcp --help for the options.`);
  }
  const portText = values.port ?? env.MCP_PORT ?? '8000';
  const port = Number(portText);
  // Number('') is 0, which would quietly bind a random port.
  if (portText.trim() === '' || !Number.isInteger(port) || port < 0 || port > 65_535) throw new ConfigError(`The port must be a whole number from 0 to 65535, got "${portText}".`);
  return {
    http: values.http ?? false,
    host: values.host ?? env.MCP_HOST ?? '127.0.0.1',
    port,
    toolsets: values.toolsets === undefined ? undefined : nonEmpty('--toolsets', values.toolsets),
    readOnly: values['read-only'] ?? (env.MCP_READ_ONLY !== undefined ? parseBoolean('MCP_READ_ONLY', env.MCP_READ_ONLY) : undefined),
    liveTrading: values['live-trading'],
    listTools: values['list-tools'] ?? false,
    help: values.help ?? false,
    version: values.version ?? false,
  };
}
