import { shared } from '../../stryker.shared.mjs';

/** Mutation testing of the server factory: configuration, selection, results, resources, errors, confirmation. */
export default {
  ...shared,
  mutate: ['src/lib/**/*.ts', '!src/lib/**/*.spec.ts', '!src/lib/instructions.ts'],
  incrementalFile: 'reports/mutation/stryker-incremental.json',
};
