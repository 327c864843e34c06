// The server package first: it configures zod before the SDK builds its schemas.
import { ConfigError, createServer, loadConfig, missingCredentials, selectTools, type ToolCallLog } from '@qc-mcp/mcp-server';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { allTools } from '@qc-mcp/mcp-tools';
import packageJson from '../package.json' with { type: 'json' };
import { parseCli, USAGE } from './cli.js';
import { startHttp } from './http.js';

/** Everything goes to stderr: in stdio mode stdout carries only the protocol. */
const log = (message: string) => process.stderr.write(`[quantconnect-mcp] ${message}\n`);
const logCall = (entry: ToolCallLog) =>
  log(`${entry.tool} ${entry.outcome}${entry.errorKind ? ` (${entry.errorKind})` : ''} ${entry.durationMs} ms`);

function hints(annotations: { readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean }) {
  return [
    annotations.readOnlyHint ? 'read-only' : '',
    annotations.destructiveHint ? 'destructive' : '',
    annotations.idempotentHint ? 'idempotent' : '',
    annotations.openWorldHint ? 'open-world' : '',
  ].filter(Boolean).join(',');
}

async function main(): Promise<void> {
  const cli = parseCli(process.argv.slice(2), process.env);
  if (cli.help) return void process.stdout.write(USAGE);
  if (cli.version) return void process.stdout.write(`${packageJson.version}\n`);
  const config = loadConfig(process.env, { toolsets: cli.toolsets, readOnly: cli.readOnly, liveTrading: cli.liveTrading }, packageJson.version);

  if (cli.listTools) {
    const rows = selectTools(allTools, config)
      .filter(({ definition }) => config.liveTrading !== 'off' || !definition.realMoney)
      .map(({ definition }) => `${definition.name}\t${definition.toolset}\t${hints(definition.annotations)}`);
    return void process.stdout.write(`${rows.join('\n')}\n`);
  }

  const missing = missingCredentials(config);
  if (missing.length > 0) log(`warning: ${missing.join(' and ')} not set; tools are listed, but QuantConnect calls will fail until they are.`);
  const serverOptions = { ...config, log: logCall };

  if (cli.http) {
    const http = await startHttp({
      host: cli.host,
      port: cli.port,
      authToken: process.env.MCP_AUTH_TOKEN || undefined,
      allowedOrigins: (process.env.MCP_ALLOWED_ORIGINS ?? '').split(',').map((origin) => origin.trim()).filter(Boolean),
      // Stateless HTTP answers in JSON and cannot carry a request to the client, so it cannot ask for confirmation.
      serverOptions: { ...serverOptions, canAskUser: false },
    });
    const address = http.server.address();
    const port = typeof address === 'object' && address ? address.port : cli.port;
    log(`serving Streamable HTTP at http://${cli.host.includes(':') ? `[${cli.host}]` : cli.host}:${port}/mcp`);
    const stop = (signal: string) => {
      log(`${signal}: shutting down, letting calls in flight finish`);
      void http.drain().then((cut) => {
        if (cut > 0) log(`${cut} call(s) were still running and were answered with an error`);
        process.exit(cut > 0 ? 1 : 0);
      });
    };
    process.once('SIGINT', () => stop('SIGINT'));
    process.once('SIGTERM', () => stop('SIGTERM'));
    return;
  }

  const server = createServer(serverOptions);
  await server.connect(new StdioServerTransport());
  const stop = () => void server.close().finally(() => process.exit(0));
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  const code = (error as { code?: string }).code;
  if (code === 'EADDRINUSE' || code === 'EACCES') {
    const { address, port } = error as { address?: string; port?: number };
    const why = code === 'EADDRINUSE' ? 'is already in use' : 'cannot be opened by this user';
    log(`error: port ${port} on ${address} ${why}: stop what uses it, or choose another with --port (MCP_PORT).`);
    process.exit(1);
  }
  log(error instanceof ConfigError ? `error: ${error.message}` : `error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  process.exit(error instanceof ConfigError ? 2 : 1);
});
