import { shared } from '../../stryker.shared.mjs';

/** Mutation testing of how the Lambda reads API Gateway and function URL events and answers them. */
export default {
  ...shared,
  mutate: ['src/http-event.ts'],
  vitest: { configFile: 'vitest.mutation.config.ts' },
  incrementalFile: 'reports/mutation/stryker-incremental.json',
};
