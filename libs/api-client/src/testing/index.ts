import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./real-responses/', import.meta.url));

/** Every recorded QuantConnect body, by file name (without .json). */
export const realResponses: Readonly<Record<string, unknown>> = Object.fromEntries(
  readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => [name.replace(/\.json$/, ''), JSON.parse(readFileSync(`${dir}${name}`, 'utf8'))]),
);

export { FIXED_NOW_MS, TEST_API_TOKEN, TEST_USER_ID } from './constants.js';
export { startFakeQuantConnect, type FakeRoute, type RecordedRequest } from './fake-quantconnect.js';
export { largeBacktestBody, largeLiveBody, largeOptimizationBody, largeReportBody, rollingWindowKeys, type LargeBacktestOptions } from './large-bodies.js';
