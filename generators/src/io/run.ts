import type { Tree } from '@nx/devkit';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generate } from '../core/generate.js';
import { generatedHeader, TOOLS_OUTPUT_DIR } from '../core/render.js';
import type { GenerateOutput, JsonObject, OverlayFile } from '../core/types.js';
import { CLIENT_OUTPUT_DIR, generateClientFiles } from './hey-api.js';
import type { ResolvedSpec, SpecSource } from './spec-source.js';

export const OVERLAY_DIR = 'openapi/overlays';
/** The patched spec, for linting and inspection; never committed. */
export const PATCHED_SPEC_FILE = 'openapi/.patched/openapi.json';

/** Overlays in file-name order: the numeric prefixes set the order in which they apply. */
export function readOverlays(tree: Tree): OverlayFile[] {
  return tree
    .children(OVERLAY_DIR)
    .filter((name) => /\.ya?ml$/.test(name))
    .sort()
    .map((name) => ({ name, document: parse(tree.read(`${OVERLAY_DIR}/${name}`, 'utf-8') ?? '') as JsonObject }));
}

/** Files on disk under `dir` (workspace-relative) that this run does not write. */
function staleOnDisk(root: string, dir: string, written: ReadonlyMap<string, string>): string[] {
  const absolute = join(root, dir);
  if (!existsSync(absolute)) return [];
  return readdirSync(absolute, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(root.length + 1).split('\\').join('/'))
    .filter((path) => !written.has(path));
}

/**
 * Runs the whole pipeline for one spec and replaces the generated folders in the tree with the
 * result, so files that no longer exist upstream disappear too.
 */
export async function generateInto(
  tree: Tree,
  spec: ResolvedSpec,
  source: Pick<SpecSource, 'path'>,
  options: { reviewStaleOverlays?: boolean } = {},
): Promise<GenerateOutput> {
  const result = await generate({
    spec: parse(spec.text) as JsonObject,
    specSha256: spec.sha256,
    specName: source.path,
    overlays: readOverlays(tree),
    reviewStaleOverlays: options.reviewStaleOverlays,
  });
  const clientFiles = await generateClientFiles(result.patchedSpec, generatedHeader(result.model));
  const written = new Map([...result.files, ...clientFiles]);
  for (const dir of [TOOLS_OUTPUT_DIR, CLIENT_OUTPUT_DIR]) {
    // Nx's tree does not list git-ignored files (generated code is), so stale ones on disk are found
    // here and deleted one by one; a file written again keeps its deletion undone.
    for (const path of staleOnDisk(tree.root, dir, written)) tree.delete(path);
    if (tree.exists(dir)) tree.delete(dir);
  }
  for (const [path, content] of written) tree.write(path, content);
  tree.write(PATCHED_SPEC_FILE, `${JSON.stringify(result.patchedSpec, null, 2)}\n`);
  return result;
}
