import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/__snapshots__/**', '**/node_modules/**', '**/dist/**', '**/generated/**', '**/coverage/**', '.nx/**', '**/cdk.out/**', 'openapi/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.mjs', '**/*.js'],
    plugins: { '@nx': nx },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: ['@qc-mcp/mcp-tools/tool-definition'],
          depConstraints: [
            { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:lib'] },
            { sourceTag: 'type:infra', onlyDependOnLibsWithTags: [] },
            { sourceTag: 'type:tooling', onlyDependOnLibsWithTags: ['type:tooling'] },
            // Only the server factory (and the apps' transports) speak MCP; the client and tool data stay SDK-free.
            { sourceTag: 'scope:client', bannedExternalImports: ['@modelcontextprotocol/*'] },
            { sourceTag: 'scope:tools', bannedExternalImports: ['@modelcontextprotocol/*'] },
          ],
        },
      ],
    },
  },
  {
    // Test and mutation-test configuration share the workspace's settings by path.
    files: ['**/vitest.config.ts', '**/vitest.mutation.config.ts', '**/stryker.config.mjs'],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
  {
    files: ['**/*.mjs'],
    languageOptions: { globals: globals.node },
  },
);
