import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));
const { compilerOptions } = JSON.parse(readFileSync(resolve(root, 'tsconfig.base.json'), 'utf8')) as {
  compilerOptions: { paths: Record<string, [string]> };
};

/** The workspace's TypeScript path aliases, so tests import libraries by their package names. */
export const workspaceAliases = Object.entries(compilerOptions.paths)
  .sort(([a], [b]) => b.length - a.length)
  .map(([find, [target]]) => ({ find: new RegExp(`^${find.replace(/[/]/g, '\\/')}$`), replacement: resolve(root, target) }));

/** Vitest settings shared by every project; `configUrl` is the project's own vitest.config.ts. */
export function projectConfig(configUrl: string, overrides: { coverage?: string[] } = {}) {
  const projectRoot = dirname(fileURLToPath(configUrl));
  return defineConfig({
    root: projectRoot,
    resolve: { alias: workspaceAliases },
    test: {
      include: ['src/**/*.spec.ts'],
      environment: 'node',
      testTimeout: 30_000,
      hookTimeout: 60_000,
      reporters: ['default'],
      coverage: {
        provider: 'v8',
        enabled: (overrides.coverage ?? []).length > 0,
        include: overrides.coverage ?? [],
        exclude: ['**/*.spec.ts', '**/generated/**'],
        reporter: ['text-summary'],
      },
    },
  });
}
