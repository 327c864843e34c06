import { defineConfig, mergeConfig } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

/**
 * For mutation testing only: the command line's tests, which run in this process. The other tests
 * drive the built bin and the packed package in child processes (which report no coverage).
 */
export default mergeConfig(projectConfig(import.meta.url), defineConfig({ test: { include: ['src/cli.spec.ts'] } }));
