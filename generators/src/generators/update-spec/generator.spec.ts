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
  vi.spyOn(logger, 'error').mockImplementation((message: unknown) => void lines.push(`ERROR ${String(message)}`));
  return lines;
}

afterEach(() => vi.restoreAllMocks());

const COMMIT = 'f'.repeat(40);

describe('update-spec generator', () => {
  afterEach(() => void (process.exitCode = undefined));

  it('reviews a new spec: tools added, removed and changed, and every stale overlay action with its reason', async () => {
    await resolveSpec(workspaceRoot); // fails early, with the variable named, when the pinned spec is missing
    const file = changedSpec((spec) => {
      // A field changed, an operation added, an operation removed, and a defect fixed upstream.
      spec.components.schemas.ReadCompileRequest!.properties.verbose = { type: 'boolean', description: 'More detail.' };
      spec.components.schemas.ReadCompileRequest!.required.push('verbose');
      spec.paths['/compile/cancel'] = structuredClone(spec.paths['/compile/read']);
      delete spec.paths['/projects/collaboration/lock/acquire'];
      for (const name of ['BacktestResult', 'BacktestSummaryResult']) delete (spec.components.schemas[name]!.properties.status as { enum?: unknown }).enum;
    });
    const tree: Tree = treeWithOpenapiInputs();
    const lines = captureInfo();
    await updateSpecGenerator(tree, { spec: file, commit: COMMIT });

    const source = JSON.parse(tree.read('openapi/source.json', 'utf-8') ?? '{}');
    expect(source).toMatchObject({ commit: COMMIT, sha256: sha256(readFileSync(file, 'utf8')) });
    expect(source.url).toBe(`https://raw.githubusercontent.com/${source.repository}/${COMMIT}/${source.path}`);
    expect(tree.exists(`openapi/.cache/${source.sha256}.yaml`)).toBe(true);
    const report = lines.join('\n');
    expect(report).toContain('- lock_project_with_collaborators');
    expect(report).toContain('~ read_compile: input verbose added (boolean, required)');
    expect(lines.some((line) => line.startsWith('WARN POST /compile/cancel has no x-mcp metadata'))).toBe(true);
    // One run names every stale action, in every file, with why it exists and what probably happened.
    const errors = lines.filter((line) => line.startsWith('ERROR')).join('\n');
    expect(errors).toMatch(/^ERROR 3 overlay action\(s\) no longer match the new spec:/);
    expect(errors).toContain("04-runtime-realities.yaml #1: $.components.schemas['BacktestResult','BacktestSummaryResult'].properties.status.enum");
    expect(errors).toContain('defect fixed upstream? What this action removes is no longer in the spec');
    expect(errors).toContain("10-operation-ids.yaml #");
    expect(errors).toContain("20-mcp-tools.yaml #");
    expect(errors).toContain('why it exists: Tool metadata (reference/tools.md) for lock_project_with_collaborators.');
    expect(errors).toContain('target removed or renamed upstream?');
    expect(process.exitCode).toBe(1);
    const surface = JSON.parse(tree.read('openapi/mcp-surface.json', 'utf-8') ?? '{}');
    expect(surface.uncoveredOperations).toEqual(['POST /compile/cancel']);
  }, 120_000);

  it('says so when nothing changed', async () => {
    const tree = treeWithOpenapiInputs();
    const lines = captureInfo();
    await updateSpecGenerator(tree, { spec: process.env.QUANTCONNECT_OPENAPI_SPEC ?? 'unset', commit: COMMIT });
    expect(lines).toContain('Tools:\nNo tool was added, removed or changed.');
    expect(process.exitCode).toBeUndefined();
  }, 120_000);

  it('reports output and description changes of a tool', async () => {
    const file = changedSpec((spec) => {
      const read = (spec.paths['/lean/versions/read'] as { post: { summary?: string } }).post;
      read.summary = 'Lists the LEAN versions, differently worded.';
      const schemas = spec.components.schemas as Record<string, { properties: Record<string, unknown> }>;
      schemas.LeanVersionsResponse!.properties.durationMs = { type: 'integer' };
    });
    const tree = treeWithOpenapiInputs();
    const lines = captureInfo();
    await updateSpecGenerator(tree, { spec: file, commit: COMMIT });
    expect(lines.join('\n')).toContain('~ read_lean_versions: description changed; output durationMs added');
  }, 120_000);

  it('needs --commit with --spec, so source.json can say where the file comes from', async () => {
    const tree = treeWithOpenapiInputs();
    await expect(updateSpecGenerator(tree, { spec: 'x.yaml' })).rejects.toThrow('With --spec, also pass --commit SHA');
    await expect(updateSpecGenerator(tree, { spec: 'x.yaml', commit: 'main' })).rejects.toThrow('--commit must be a git commit sha');
  });

  it('offline, without --spec, says why and how to pass a file', async () => {
    vi.spyOn(globalThis, 'fetch').mockRejectedValue(new TypeError('fetch failed', { cause: Object.assign(new Error('getaddrinfo ENOTFOUND api.github.com'), { code: 'ENOTFOUND', hostname: 'api.github.com' }) }));
    const tree = treeWithOpenapiInputs();
    const before = JSON.parse(tree.read('openapi/source.json', 'utf-8') ?? '{}').commit;
    await expect(updateSpecGenerator(tree, {})).rejects.toThrow(
      'Could not fetch the newest upstream spec (the host api.github.com could not be resolved (offline?)). Offline, pass a file: npx nx g @qc-mcp/generators:update-spec --spec PATH --commit SHA.',
    );
    expect(JSON.parse(tree.read('openapi/source.json', 'utf-8') ?? '{}').commit).toBe(before);
  });
});
