import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, join, resolve } from 'node:path';

/** The pinned upstream spec, as recorded in openapi/source.json. */
export interface SpecSource {
  readonly repository: string;
  readonly path: string;
  readonly commit: string;
  readonly url: string;
  readonly sha256: string;
}

export interface ResolvedSpec {
  readonly text: string;
  readonly sha256: string;
  /** Where it came from, for messages. */
  readonly origin: string;
}

export const SPEC_ENV = 'QUANTCONNECT_OPENAPI_SPEC';
export const SOURCE_FILE = 'openapi/source.json';
export const CACHE_DIR = 'openapi/.cache';

export const sha256 = (text: string | Buffer) => createHash('sha256').update(text).digest('hex');

export async function readSource(root: string): Promise<SpecSource> {
  return JSON.parse(await readFile(join(root, SOURCE_FILE), 'utf8')) as SpecSource;
}

function offlineMessage(source: SpecSource, reason: string): string {
  return (
    `Cannot find the QuantConnect OpenAPI spec. Set ${SPEC_ENV} to the path of ${source.path} ` +
    `(QuantConnect/Documentation at commit ${source.commit}, sha256 ${source.sha256}), or place it in ` +
    `${CACHE_DIR}/${source.sha256}.yaml; otherwise it is downloaded from ${source.url}, which failed: ${reason}.`
  );
}

/** Why a download failed, in words: the HTTP status, or the network error under fetch's "fetch failed". */
export function downloadFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return 'no answer within 20 s';
  const cause = error.cause as (Error & { code?: string; hostname?: string }) | undefined;
  if (cause?.code === 'ENOTFOUND' || cause?.code === 'EAI_AGAIN') return `the host ${cause.hostname ?? 'raw.githubusercontent.com'} could not be resolved (offline?)`;
  if (cause?.code === 'ECONNREFUSED' || cause?.code === 'ENETUNREACH' || cause?.code === 'EHOSTUNREACH') return `the host is unreachable (${cause.code})`;
  if (cause) return `${error.message}: ${cause.message}`;
  return error.message;
}

/**
 * A spec path as given: absolute, or relative to the directory the command was run from (npm and
 * npx record it in INIT_CWD; Nx and Vitest may change the working directory before this runs).
 */
export function specPath(path: string, env: NodeJS.ProcessEnv = process.env): string {
  return isAbsolute(path) ? path : resolve(env.INIT_CWD ?? process.cwd(), path);
}

function verify(text: string, source: SpecSource, origin: string): ResolvedSpec {
  const digest = sha256(text);
  if (digest !== source.sha256) {
    throw new Error(
      `The spec at ${origin} has sha256 ${digest}, but ${SOURCE_FILE} pins ${source.sha256}. ` +
        `To move to this file, run: npx nx g @qc-mcp/generators:update-spec --spec ${origin}`,
    );
  }
  return { text, sha256: digest, origin };
}

/**
 * Finds the pinned spec: an explicit path, then ${SPEC_ENV}, then openapi/.cache/, then a download
 * from the pinned URL. Whatever is found must match the pinned sha256.
 */
export async function resolveSpec(
  root: string,
  options: { explicitPath?: string; env?: NodeJS.ProcessEnv; fetchImpl?: typeof fetch; source?: SpecSource } = {},
): Promise<ResolvedSpec> {
  const source = options.source ?? (await readSource(root));
  const env = options.env ?? process.env;
  const given = options.explicitPath ?? env[SPEC_ENV];
  const fromPath = given ? specPath(given, env) : undefined;
  if (fromPath) {
    if (!existsSync(fromPath)) throw new Error(`${SPEC_ENV} points at ${fromPath}, which does not exist.`);
    return verify(await readFile(fromPath, 'utf8'), source, fromPath);
  }
  const cached = join(root, CACHE_DIR, `${source.sha256}.yaml`);
  if (existsSync(cached)) return verify(await readFile(cached, 'utf8'), source, cached);
  let text: string;
  try {
    const response = await (options.fetchImpl ?? fetch)(source.url, { signal: AbortSignal.timeout(20_000) });
    if (!response.ok) throw new Error(`the server answered HTTP ${response.status}`);
    text = await response.text();
  } catch (error) {
    throw new Error(offlineMessage(source, downloadFailure(error)));
  }
  const resolved = verify(text, source, source.url);
  await mkdir(join(root, CACHE_DIR), { recursive: true });
  await writeFile(cached, text);
  return resolved;
}
