export const FIXED_NOW_MS = 1_700_000_000_000;
export const TEST_USER_ID = '123456';
/** A made-up token; tests assert that neither it nor its hash ever leaks. */
export const TEST_API_TOKEN = 'tok-5f1c0d2e9a7b4c3d8e6f0a1b2c3d4e5f';
