// StrykerJS settings shared by every project's `mutation` target (run from the project's folder).
// The score is the measure of the tests: below 85 % the target fails.
export const shared = {
  testRunner: 'vitest',
  plugins: ['@stryker-mutator/vitest-runner'],
  vitest: { configFile: 'vitest.config.ts' },
  coverageAnalysis: 'perTest',
  incremental: true,
  thresholds: { high: 90, low: 85, break: 85 },
  reporters: ['clear-text', 'progress', 'html'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  concurrency: 2,
  timeoutMS: 10_000,
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
  ignoreStatic: true,
  // The projects import the shared Vitest and TypeScript settings from the workspace root, which a
  // sandbox copy of one project would not have: mutate in place (Stryker restores every file).
  inPlace: true,
};
