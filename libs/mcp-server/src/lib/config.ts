import { checkBaseUrl, DEFAULT_MAX_RESPONSE_BYTES } from '@qc-mcp/api-client';
import { PRESETS, TOOLSETS } from '@qc-mcp/mcp-tools';
import { DEFAULT_RESULT_MAX_BYTES } from './result.js';

/** A configuration mistake the user must fix before the server can start. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

export const DEFAULT_AGENT_NAME = 'QuantConnect MCP Server';
/** The published npm package (what read_latest_mcp_server_version asks the registry about). */
export const PACKAGE_NAME = 'quantconnect-mcp';
export const DEFAULT_REGISTRY_URL = 'https://registry.npmjs.org';
/** The longest a tool waits for a job by default (local clients commonly allow 60 s per call). */
export const DEFAULT_MAX_WAIT_SECONDS = 50;
/** The smallest result budget that still leaves room for a summary and its notes. */
export const MIN_RESULT_MAX_BYTES = 4_096;

/** Everything createServer needs; see loadConfig for where each value comes from. */
export interface ServerConfig {
  readonly userId?: string;
  readonly apiToken?: string;
  readonly baseUrl?: string;
  /** Sent to QuantConnect as codeSourceId on file edits and project locks. */
  readonly agentName: string;
  /** Selected toolsets and presets (e.g. `core`); undefined means all. */
  readonly toolsets?: readonly string[];
  /** The size of one tool result or resource page, text and structuredContent together. */
  readonly resultMaxBytes?: number;
  /** Upper bound of any long-job wait, in seconds. */
  readonly maxWaitSeconds?: number;
  /** QuantConnect answers larger than this are refused unread. */
  readonly maxResponseBytes?: number;
  /** Live-trading writes: not listed (`off`), confirmed by the user first (`confirm`), or sent as asked (`on`). */
  readonly liveTrading?: LiveTrading;
  /** Keep only tools whose readOnlyHint is true. */
  readonly readOnly: boolean;
  readonly timeoutMs?: number;
  readonly version: string;
  readonly packageName: string;
  readonly registryUrl: string;
}

export const LIVE_TRADING_MODES = ['off', 'confirm', 'on'] as const;
export type LiveTrading = (typeof LIVE_TRADING_MODES)[number];

/** Reads MCP_LIVE_TRADING / --live-trading. */
export function parseLiveTrading(value: string | undefined, fallback: LiveTrading): LiveTrading {
  if (value === undefined || value.trim() === '') return fallback;
  const mode = value.trim().toLowerCase();
  if ((LIVE_TRADING_MODES as readonly string[]).includes(mode)) return mode as LiveTrading;
  throw new ConfigError(`MCP_LIVE_TRADING must be off, confirm or on, got "${value}".`);
}

/** Parses a comma list of toolsets and presets; an unknown name is an error that lists the valid ones. */
export function parseToolsets(value: string | undefined): string[] | undefined {
  if (value === undefined || value.trim() === '' || value.trim().toLowerCase() === 'all') return undefined;
  const names = value.split(',').map((name) => name.trim().toLowerCase()).filter(Boolean);
  const valid: readonly string[] = [...TOOLSETS, ...Object.keys(PRESETS)];
  const unknown = names.filter((name) => !valid.includes(name));
  if (unknown.length > 0) {
    throw new ConfigError(
      `Unknown toolset${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}. Valid toolsets: ${TOOLSETS.join(', ')}; presets: ${Object.keys(PRESETS).join(', ')} (or "all").`,
    );
  }
  return [...new Set(names)];
}

function positiveInteger(name: string, value: string | undefined, minimum: number): number | undefined {
  if (value === undefined || value.trim() === '') return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < minimum) throw new ConfigError(`${name} must be a whole number of at least ${minimum}, got "${value}".`);
  return number;
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
  readonly liveTrading?: string;
}

/** Where the server runs decides the live-trading default: a desktop can ask its user, Lambda cannot. */
export interface ConfigDefaults {
  readonly liveTrading: LiveTrading;
}

/**
 * Reads the configuration from the environment (QUANTCONNECT_USER_ID, QUANTCONNECT_API_TOKEN,
 * QUANTCONNECT_API_BASE_URL, AGENT_NAME, MCP_TOOLSETS, MCP_READ_ONLY) and command-line flags.
 */
export function loadConfig(env: NodeJS.ProcessEnv, flags: ConfigFlags = {}, version = '0.0.0', defaults: ConfigDefaults = { liveTrading: 'confirm' }): ServerConfig {
  const timeout = env.QUANTCONNECT_TIMEOUT_MS ? Number(env.QUANTCONNECT_TIMEOUT_MS) : undefined;
  if (timeout !== undefined && !(Number.isFinite(timeout) && timeout > 0)) {
    throw new ConfigError(`QUANTCONNECT_TIMEOUT_MS must be a positive number of milliseconds, got "${env.QUANTCONNECT_TIMEOUT_MS}".`);
  }
  const baseUrl = env.QUANTCONNECT_API_BASE_URL?.trim() || undefined;
  if (baseUrl) {
    try {
      checkBaseUrl(baseUrl);
    } catch (error) {
      throw new ConfigError((error as Error).message);
    }
  }
  return {
    userId: env.QUANTCONNECT_USER_ID?.trim() || undefined,
    apiToken: env.QUANTCONNECT_API_TOKEN?.trim() || undefined,
    baseUrl,
    agentName: env.AGENT_NAME?.trim() || DEFAULT_AGENT_NAME,
    toolsets: parseToolsets(flags.toolsets ?? env.MCP_TOOLSETS),
    readOnly: flags.readOnly ?? parseBoolean('MCP_READ_ONLY', env.MCP_READ_ONLY),
    timeoutMs: timeout,
    resultMaxBytes: positiveInteger('MCP_RESULT_MAX_BYTES', env.MCP_RESULT_MAX_BYTES, MIN_RESULT_MAX_BYTES) ?? DEFAULT_RESULT_MAX_BYTES,
    maxWaitSeconds: positiveInteger('MCP_MAX_WAIT_SECONDS', env.MCP_MAX_WAIT_SECONDS, 0) ?? DEFAULT_MAX_WAIT_SECONDS,
    maxResponseBytes: positiveInteger('QUANTCONNECT_MAX_RESPONSE_BYTES', env.QUANTCONNECT_MAX_RESPONSE_BYTES, 1_024) ?? DEFAULT_MAX_RESPONSE_BYTES,
    liveTrading: parseLiveTrading(flags.liveTrading ?? env.MCP_LIVE_TRADING, defaults.liveTrading),
    version,
    packageName: PACKAGE_NAME,
    registryUrl: env.NPM_CONFIG_REGISTRY?.trim() || DEFAULT_REGISTRY_URL,
  };
}

/** The credential variables that are not set, for a start-up warning. */
export function missingCredentials(config: Pick<ServerConfig, 'userId' | 'apiToken'>): string[] {
  return [...(config.userId ? [] : ['QUANTCONNECT_USER_ID']), ...(config.apiToken ? [] : ['QUANTCONNECT_API_TOKEN'])];
}
