import { shared } from '../stryker.shared.mjs';

/**
 * Mutation testing of the generator's core: spec model, overlays, schemas, rendering, the surface
 * and its diff, and where the spec comes from. The Nx wrappers and hey-api's call are thin and are
 * tested through Nx (their specs and the drill), which is too slow to repeat for every mutant.
 */
export default {
  ...shared,
  mutate: ['src/core/**/*.ts', 'src/io/spec-source.ts', '!src/**/*.spec.ts', '!src/**/__snapshots__/**'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  // Vitest does not type-check, and the reviewed snapshots of generated code must stay byte for byte.
  disableTypeChecks: false,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
};
