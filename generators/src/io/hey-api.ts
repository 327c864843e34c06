import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { JsonObject } from '../core/types.js';

/** Where the typed client and Zod schemas live, relative to the workspace root. */
export const CLIENT_OUTPUT_DIR = 'libs/api-client/src/generated';

/**
 * Loads @hey-api/openapi-ts, which is ESM-only. Nx loads TypeScript generators through a require()
 * hook that rewrites `import()` into `require()`, which cannot load it; there a native dynamic
 * import (out of the hook's reach) does.
 */
async function loadHeyApi(): Promise<typeof import('@hey-api/openapi-ts')> {
  try {
    return await import('@hey-api/openapi-ts');
  } catch {
    const nativeImport = new Function('specifier', 'return import(specifier)') as (specifier: string) => Promise<never>;
    return nativeImport('@hey-api/openapi-ts');
  }
}

/** An error's message and those of its causes, so a failure deep in a library says what it was. */
export function causes(error: unknown): string {
  const parts: string[] = [];
  for (let current: unknown = error, depth = 0; current !== undefined && current !== null && depth < 5; depth += 1) {
    if (current instanceof Error) {
      parts.push(`${current.name}: ${current.message}`);
      current = current.cause;
    } else {
      parts.push(String(current));
      break;
    }
  }
  return parts.join(' <- caused by ') || 'no reason given';
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => join(entry.parentPath, entry.name));
}

/**
 * Runs @hey-api/openapi-ts on the patched spec (the fetch client and the request/response types)
 * and returns its files keyed by workspace-relative path. hey-api writes only to a directory, so
 * it writes to a scratch directory that is removed afterwards.
 */
export async function generateClientFiles(patchedSpec: JsonObject, header: string): Promise<Map<string, string>> {
  const { createClient } = await loadHeyApi();
  const scratch = await mkdtemp(join(tmpdir(), 'qc-mcp-hey-api-'));
  try {
    try {
      await createClient({
        input: structuredClone(patchedSpec) as never,
        output: { path: scratch, header: [header], postProcess: [] } as never,
        logs: { level: 'silent', file: false } as never,
        // The client the API client is built on, and the request types the tools' contracts check against.
        plugins: ['@hey-api/client-fetch', '@hey-api/typescript'],
      });
    } catch (error) {
      throw new Error(`The client generator (@hey-api/openapi-ts) failed on the patched spec (openapi/.patched/openapi.json): ${causes(error)}`);
    }
    const files = new Map<string, string>();
    for (const file of (await listFiles(scratch)).sort()) {
      files.set(`${CLIENT_OUTPUT_DIR}/${relative(scratch, file)}`, await readFile(file, 'utf8'));
    }
    return files;
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}
