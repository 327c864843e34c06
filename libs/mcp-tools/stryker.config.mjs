import { shared } from '../../stryker.shared.mjs';

/** Mutation testing of the tools' hand-written code: budget, resources, views, waits, custom tools. */
export default {
  ...shared,
  mutate: ['src/lib/**/*.ts', 'src/views/**/*.ts', 'src/custom/**/*.ts', '!src/**/*.spec.ts', '!src/lib/tool-definition.ts'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  incrementalFile: 'reports/mutation/stryker-incremental.json',
};
