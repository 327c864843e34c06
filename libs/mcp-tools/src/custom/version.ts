import { z } from 'zod';
import type { Tool } from '../lib/tool-definition.js';

const noInput = z.strictObject({});
const emptyInput = { type: 'object', properties: {} } as const;
const annotations = (openWorldHint: boolean) => ({
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint,
});
/** Offline, the registry check gives up after this long. */
export const REGISTRY_TIMEOUT_MS = 5_000;

export const readMcpServerVersion: Tool = {
  definition: {
    name: 'read_mcp_server_version',
    title: 'Read MCP server version',
    description: 'Return the name and version of this MCP server.',
    toolset: 'meta',
    implementation: 'local',
    retry: true,
    annotations: annotations(false),
    inject: {},
    inputSchema: noInput,
    inputJsonSchema: emptyInput,
    localArguments: [],
  },
  handler: async (_args, context) => ({ kind: 'data', data: { name: context.packageName, version: context.version } }),
};

export const readLatestMcpServerVersion: Tool = {
  definition: {
    name: 'read_latest_mcp_server_version',
    title: 'Read latest MCP server version',
    description: 'Ask the npm registry for the latest published version of this MCP server and compare it with the running one.',
    toolset: 'meta',
    implementation: 'local',
    retry: true,
    annotations: annotations(true),
    inject: {},
    inputSchema: noInput,
    inputJsonSchema: emptyInput,
    localArguments: [],
  },
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
};
