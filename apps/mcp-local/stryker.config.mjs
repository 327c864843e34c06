import { shared } from '../../stryker.shared.mjs';

/** Mutation testing of the command line: flags, environment fallbacks and their errors. */
export default {
  ...shared,
  mutate: ['src/cli.ts'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  incrementalFile: 'reports/mutation/stryker-incremental.json',
};
