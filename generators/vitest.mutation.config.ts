import { defineConfig, mergeConfig } from 'vitest/config';
import { projectConfig } from '../vitest.shared.ts';

/**
 * For mutation testing of the core only. Out: the tests that run outside tools in child processes
 * (the drill runs Nx on a copy of this workspace, with the mutant in place; Redocly and tsc read the
 * generated output), which report no coverage and would add seconds to every mutant, and the Nx
 * wrappers' tests, which run hey-api on the whole spec (seconds each) for code outside the core.
 */
export default mergeConfig(
  projectConfig(import.meta.url),
  defineConfig({ test: { update: 'none', exclude: ['src/drill.spec.ts', 'src/golden-tooling.spec.ts', 'src/generators/**/*.spec.ts'] } }),
);
