import { createTreeWithEmptyWorkspace } from '@nx/devkit/testing';
import type { Tree } from '@nx/devkit';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { workspaceRoot } from './fixtures.js';

/** An in-memory Nx tree holding this workspace's openapi/ inputs (source.json, overlays, surface). */
export function treeWithOpenapiInputs(): Tree {
  const tree = createTreeWithEmptyWorkspace();
  const copy = (path: string) => tree.write(path, readFileSync(join(workspaceRoot, path)));
  copy('openapi/source.json');
  copy('openapi/mcp-surface.json');
  for (const name of readdirSync(join(workspaceRoot, 'openapi/overlays'))) copy(`openapi/overlays/${name}`);
  return tree;
}

/** Every file under the given folders, with its content. */
export function snapshotTree(tree: Tree, dirs: readonly string[]): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string): void => {
    for (const child of tree.children(dir)) {
      const path = `${dir}/${child}`;
      if (tree.isFile(path)) files.set(path, tree.read(path, 'utf-8') ?? '');
      else walk(path);
    }
  };
  for (const dir of dirs) walk(dir);
  return files;
}
