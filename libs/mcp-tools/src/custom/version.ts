import type { Tool, ToolDefinition } from '../lib/tool-definition.js';
/** Offline, the registry check gives up after this long. */
export const REGISTRY_TIMEOUT_MS = 5_000;

/** read_mcp_server_version: this server's package name and version (metadata in the overlay's x-mcp-local-tools). */
export const readMcpServerVersionTool = (definition: ToolDefinition): Tool => ({
  definition,
  handler: async (_args, context) => ({ kind: 'data', data: { name: context.packageName, version: context.version } }),
});

/** read_latest_mcp_server_version: the registry's latest version of this package, beside the running one. */
export const readLatestMcpServerVersionTool = (definition: ToolDefinition): Tool => ({
  definition,
  handler: async (_args, context) => {
    const url = `${context.registryUrl.replace(/\/+$/, '')}/${context.packageName.replace('/', '%2F')}/latest`;
    let latestVersion: string;
    try {
      const response = await context.fetch(url, {
        signal: AbortSignal.any([context.signal, AbortSignal.timeout(REGISTRY_TIMEOUT_MS)]),
        headers: { accept: 'application/json' },
      });
      if (!response.ok) throw new Error(`the registry answered HTTP ${response.status}`);
      latestVersion = String(((await response.json()) as { version?: unknown }).version ?? '');
      if (!latestVersion) throw new Error('the registry answer has no version');
    } catch (error) {
      const reason = error instanceof Error && error.name === 'TimeoutError' ? `no answer within ${REGISTRY_TIMEOUT_MS / 1000} s` : error instanceof Error ? error.message : String(error);
      throw new Error(
        `Could not read the latest version of ${context.packageName} from ${context.registryUrl} (${reason}). The running version is ${context.version}; check the network and try again later.`,
      );
    }
    return {
      kind: 'data',
      data: { name: context.packageName, currentVersion: context.version, latestVersion, upToDate: latestVersion === context.version },
    };
  },
});
