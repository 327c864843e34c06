import { defineConfig, mergeConfig } from 'vitest/config';
import { projectConfig } from '../../vitest.shared.ts';

/**
 * For mutation testing only: the tests that run in this process. The handler's own tests drive the
 * built bundle in child processes (which report no coverage), and the fuzzing runs 600 events per
 * mutant; both stay in `npm test`.
 */
export default mergeConfig(projectConfig(import.meta.url), defineConfig({ test: { include: ['src/http-event.spec.ts'] } }));
