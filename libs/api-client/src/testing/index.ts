import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const dir = fileURLToPath(new URL('./real-responses/', import.meta.url));

/** Every recorded QuantConnect body, by file name (without .json). */
export const realResponses: Readonly<Record<string, unknown>> = Object.fromEntries(
  readdirSync(dir)
    .filter((name) => name.endsWith('.json'))
    .map((name) => [name.replace(/\.json$/, ''), JSON.parse(readFileSync(`${dir}${name}`, 'utf8'))]),
);

export const FIXED_NOW_MS = 1_700_000_000_000;
export const TEST_USER_ID = '123456';
/** A made-up token; tests assert that neither it nor its hash ever leaks. */
export const TEST_API_TOKEN = 'tok-5f1c0d2e9a7b4c3d8e6f0a1b2c3d4e5f';
