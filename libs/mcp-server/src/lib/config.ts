import { TOOLSETS } from '@qc-mcp/mcp-tools';

/** A configuration mistake the user must fix before the server can start. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_AGENT_NAME = 'QuantConnect MCP Server';
export const PACKAGE_NAME = '@qc-mcp/mcp-local';
export const DEFAULT_REGISTRY_URL = 'https://registry.npmjs.org';

/** Everything createServer needs; see loadConfig for where each value comes from. */
export interface ServerConfig {
  readonly userId?: string;
  readonly apiToken?: string;
  readonly baseUrl?: string;
  /** Sent to QuantConnect as codeSourceId on file edits and project locks. */
  readonly agentName: string;
  /** Selected toolsets; undefined means all. */
  readonly toolsets?: readonly string[];
  /** Keep only tools whose readOnlyHint is true. */
  readonly readOnly: boolean;
  readonly timeoutMs?: number;
  readonly version: string;
  readonly packageName: string;
  readonly registryUrl: string;
}

/** Parses a comma list of toolsets; an unknown name is an error that lists the valid ones. */
export function parseToolsets(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '' || value.trim() === 'all') return undefined;
  const names = value.split(',').map((name) => name.trim()).filter(Boolean);
  const unknown = names.filter((name) => !(TOOLSETS as readonly string[]).includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(`Unknown toolset${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Valid toolsets: ${TOOLSETS.join(', ')} (or "all").`);
  }
  return [...new Set(names)];
}

const TRUE = new Set(['1', 'true', 'yes', 'on']);
const FALSE = new Set(['0', 'false', 'no', 'off', '']);

export function parseBoolean(name: string, value: string | undefined): boolean {
  if (value === undefined) return false;
  const normalised = value.trim().toLowerCase();
  if (TRUE.has(normalised)) return true;
  if (FALSE.has(normalised)) return false;
  throw new ConfigError(`${name} must be true or false, got "${value}".`);
}

/** Flags given on the command line, which win over the environment. */
export interface ConfigFlags {
  readonly toolsets?: string;
  readonly readOnly?: boolean;
}

/**
 * Reads the configuration from the environment (QUANTCONNECT_USER_ID, QUANTCONNECT_API_TOKEN,
 * QUANTCONNECT_API_BASE_URL, AGENT_NAME, MCP_TOOLSETS, MCP_READ_ONLY) and command-line flags.
 */
export function loadConfig(env: NodeJS.ProcessEnv, flags: ConfigFlags = {}, version = '0.0.0'): ServerConfig {
  const timeout = env.QUANTCONNECT_TIMEOUT_MS ? Number(env.QUANTCONNECT_TIMEOUT_MS) : undefined;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    throw new ConfigError(`QUANTCONNECT_TIMEOUT_MS must be a positive number of milliseconds, got "${env.QUANTCONNECT_TIMEOUT_MS}".`);
  }
  return {
    userId: env.QUANTCONNECT_USER_ID?.trim() || undefined,
    apiToken: env.QUANTCONNECT_API_TOKEN?.trim() || undefined,
    baseUrl: env.QUANTCONNECT_API_BASE_URL?.trim() || undefined,
    agentName: env.AGENT_NAME?.trim() || DEFAULT_AGENT_NAME,
    toolsets: parseToolsets(flags.toolsets ?? env.MCP_TOOLSETS),
    readOnly: flags.readOnly ?? parseBoolean('MCP_READ_ONLY', env.MCP_READ_ONLY),
    timeoutMs: timeout,
    version,
    packageName: PACKAGE_NAME,
    registryUrl: env.NPM_CONFIG_REGISTRY?.trim() || DEFAULT_REGISTRY_URL,
  };
}

/** The credential variables that are not set, for a start-up warning. */
export function missingCredentials(config: Pick<ServerConfig, 'userId' | 'apiToken'>): string[] {
  return [...(config.userId ? [] : ['QUANTCONNECT_USER_ID']), ...(config.apiToken ? [] : ['QUANTCONNECT_API_TOKEN'])];
}
