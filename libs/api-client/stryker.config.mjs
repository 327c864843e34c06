import { shared } from '../../stryker.shared.mjs';

/** Mutation testing of the hand-written client: auth, errors, retries, reading answers. */
export default {
  ...shared,
  mutate: ['src/lib/**/*.ts', '!src/lib/**/*.spec.ts', '!src/lib/globals.ts'],
  incrementalFile: 'reports/mutation/stryker-incremental.json',
};
