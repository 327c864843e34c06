/** The groups `--toolsets` / MCP_TOOLSETS select from. */
export const TOOLSETS = ['account', 'projects', 'files', 'compile', 'backtests', 'optimizations', 'live', 'object-store', 'meta', 'ai'] as const;
export type Toolset = (typeof TOOLSETS)[number];
