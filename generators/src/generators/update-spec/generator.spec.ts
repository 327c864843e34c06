import type { Tree } from '@nx/devkit';
import { logger } from '@nx/devkit';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { resolveSpec, sha256 } from '../../io/spec-source.js';
import { workspaceRoot } from '../../testing/fixtures.js';
import { treeWithOpenapiInputs } from '../../testing/tree.js';
import updateSpecGenerator from './generator.js';

interface MutableSpec {
  components: { schemas: Record<string, { properties: Record<string, unknown>; required: string[] }> };
  paths: Record<string, unknown>;
}

function changedSpec(change: (spec: MutableSpec) => void): string {
  const path = process.env.QUANTCONNECT_OPENAPI_SPEC ?? '';
  const spec = parse(readFileSync(path, 'utf8')) as MutableSpec;
  change(spec);
  const file = join(mkdtempSync(join(tmpdir(), 'qc-mcp-update-')), 'spec.yaml');
  writeFileSync(file, stringify(spec));
  return file;
}

function captureInfo() {
  const lines: string[] = [];
  vi.spyOn(logger, 'info').mockImplementation((message: unknown) => void lines.push(String(message)));
  vi.spyOn(logger, 'warn').mockImplementation((message: unknown) => void lines.push(`WARN ${String(message)}`));
  return lines;
}

afterEach(() => vi.restoreAllMocks());

describe('update-spec generator', () => {
  it('pins a new spec file, regenerates, and reports the tools that changed', async () => {
    await resolveSpec(workspaceRoot); // fails early, with the variable named, when the pinned spec is missing
    const file = changedSpec((spec) => {
      spec.components.schemas.ReadCompileRequest!.properties.verbose = { type: 'boolean', description: 'More detail.' };
      spec.components.schemas.ReadCompileRequest!.required.push('verbose');
      spec.paths['/compile/cancel'] = structuredClone(spec.paths['/compile/read']);
    });
    const tree: Tree = treeWithOpenapiInputs();
    const lines = captureInfo();
    await updateSpecGenerator(tree, { spec: file, commit: 'abc123' });

    const source = JSON.parse(tree.read('openapi/source.json', 'utf-8') ?? '{}');
    expect(source).toMatchObject({ commit: 'abc123', sha256: sha256(readFileSync(file, 'utf8')) });
    expect(tree.exists(`openapi/.cache/${source.sha256}.yaml`)).toBe(true);
    expect(lines).toContain('~ read_compile: input verbose added (boolean, required)');
    expect(lines.some((line) => line.startsWith('WARN POST /compile/cancel has no x-mcp metadata'))).toBe(true);
    const surface = JSON.parse(tree.read('openapi/mcp-surface.json', 'utf-8') ?? '{}');
    expect(surface.uncoveredOperations).toEqual(['POST /compile/cancel']);
  }, 120_000);

  it('says so when nothing changed', async () => {
    const tree = treeWithOpenapiInputs();
    const lines = captureInfo();
    await updateSpecGenerator(tree, { spec: process.env.QUANTCONNECT_OPENAPI_SPEC ?? 'unset', commit: 'same' });
    expect(lines).toContain('No tool was added, removed or changed.');
  }, 120_000);

  it('offline, without --spec, fails with a message that says how to pass a file', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed'));
    const tree = treeWithOpenapiInputs();
    await expect(updateSpecGenerator(tree, {})).rejects.toThrow(
      /Could not fetch the newest upstream spec \(fetch failed\)\. Offline, pass a file: npx nx g @qc-mcp\/generators:update-spec --spec PATH/,
    );
    expect(JSON.parse(tree.read('openapi/source.json', 'utf-8') ?? '{}').commit).toBe('04a17f037d7f66e86552f0bfb1c54999beb3eed5');
  });
});
