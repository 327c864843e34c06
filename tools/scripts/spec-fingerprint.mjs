// Prints a fingerprint of the spec the generator would read, for the `generate` target's cache key.
// Resolution mirrors generators/src/io/spec-source.ts: the env variable, then openapi/.cache/.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';

const root = new URL('../..', import.meta.url).pathname;
const source = JSON.parse(readFileSync(join(root, 'openapi/source.json'), 'utf8'));
// A relative path is relative to where the command was run (INIT_CWD), as in spec-source.ts.
const given = process.env.QUANTCONNECT_OPENAPI_SPEC;
const fromEnv = given && (isAbsolute(given) ? given : resolve(process.env.INIT_CWD ?? process.cwd(), given));
const candidates = [fromEnv, join(root, 'openapi/.cache', `${source.sha256}.yaml`)];
const found = candidates.find((path) => path && existsSync(path));
console.log(found ? createHash('sha256').update(readFileSync(found)).digest('hex') : `unresolved:${source.sha256}`);
