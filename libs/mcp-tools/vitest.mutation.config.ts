import { fileURLToPath } from 'node:url';
import { defineConfig, mergeConfig } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

/**
 * For mutation testing only: the tools' behaviour is mostly exercised through the server (the real
 * MCP client against createServer), so the server's tests count for this library's mutants too.
 */
export default mergeConfig(
  projectConfig(import.meta.url),
  defineConfig({
    root: fileURLToPath(new URL('..', import.meta.url)),
    test: { include: ['mcp-tools/src/**/*.spec.ts', 'mcp-server/src/**/*.spec.ts'] },
  }),
);
