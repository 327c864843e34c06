import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { parse, stringify } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { workspaceRoot } from './testing/fixtures.js';

/**
 * The spec-update drill, on a throwaway copy of this workspace: a "next" spec with an operation
 * added, one removed, a field changed and a defect fixed upstream goes through update-spec; the
 * report, the surface, the affected projects and the cached build must all follow.
 */
const spec = process.env.QUANTCONNECT_OPENAPI_SPEC ?? '';
let copy: string;

const NX = join(workspaceRoot, 'node_modules/nx/dist/bin/nx.js');
const env = { ...process.env, NX_DAEMON: 'false', NX_TUI: 'false', NX_NO_CLOUD: 'true', NX_SKIP_NX_CACHE: undefined, QUANTCONNECT_OPENAPI_SPEC: spec, INIT_CWD: undefined };
let specEnv: string | undefined = spec;
const nx = (...args: string[]) =>
  spawnSync(process.execPath, [NX, ...args, '--output-style=static'], { cwd: copy, env: { ...env, QUANTCONNECT_OPENAPI_SPEC: specEnv }, encoding: 'utf8', timeout: 240_000 });
const tools = () =>
  execFileSync(process.execPath, [join(copy, 'apps/mcp-local/dist/quantconnect-mcp.js'), '--list-tools'], { cwd: copy, encoding: 'utf8' })
    .trim()
    .split('\n')
    .map((row) => row.split('\t')[0]);

interface MutableSpec {
  components: { schemas: Record<string, { properties: Record<string, { enum?: unknown }>; required: string[] }> };
  paths: Record<string, unknown>;
}

beforeAll(() => {
  copy = mkdtempSync(join(tmpdir(), 'qc-mcp-drill-'));
  const files = execFileSync('git', ['ls-files'], { cwd: workspaceRoot, encoding: 'utf8' }).trim().split('\n');
  for (const file of files) {
    mkdirSync(dirname(join(copy, file)), { recursive: true });
    cpSync(join(workspaceRoot, file), join(copy, file));
  }
  symlinkSync(join(workspaceRoot, 'node_modules'), join(copy, 'node_modules'), 'dir');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: copy, encoding: 'utf8' });
  git('init', '-q');
  git('-c', 'user.email=drill@example.com', '-c', 'user.name=drill', 'add', '-A');
  git('-c', 'user.email=drill@example.com', '-c', 'user.name=drill', 'commit', '-qm', 'base');
});

afterAll(() => {
  if (copy) rmSync(copy, { recursive: true, force: true });
});

describe('the spec-update drill', () => {
  it('every project generated or built from the spec is affected by a change to its inputs', () => {
    for (const file of ['openapi/source.json', 'openapi/overlays/20-mcp-tools.yaml', 'generators/src/core/model.ts']) {
      const affected = nx('show', 'projects', '--affected', `--files=${file}`, '--json');
      expect(affected.status, affected.stderr).toBe(0);
      expect(JSON.parse(affected.stdout).sort()).toEqual(expect.arrayContaining(['api-client', 'infra', 'mcp-lambda', 'mcp-local', 'mcp-server', 'mcp-tools']));
    }
  }, 120_000);

  it('update-spec reviews the next spec, and a cached build then serves the new tool list', () => {
    const first = nx('run', 'mcp-local:build');
    expect(first.status, first.stdout + first.stderr).toBe(0);
    expect(tools()).toContain('lock_project_with_collaborators');
    // Built and type-checked again with nothing changed: from the cache.
    expect(nx('run', 'mcp-local:build').stdout).toMatch(/mcp-local:build.*(local cache|existing outputs match the cache)/);
    expect(nx('run', 'mcp-tools:typecheck').status).toBe(0);
    expect(nx('run', 'mcp-tools:typecheck').stdout).toMatch(/mcp-tools:typecheck.*(local cache|existing outputs match the cache)/);

    const next = parse(readFileSync(spec, 'utf8')) as MutableSpec;
    next.paths['/compile/cancel'] = structuredClone(next.paths['/compile/read']);
    delete next.paths['/projects/collaboration/lock/acquire'];
    next.components.schemas.ReadCompileRequest!.properties.verbose = { type: 'boolean' } as never;
    next.components.schemas.ReadCompileRequest!.required.push('verbose');
    for (const name of ['BacktestResult', 'BacktestSummaryResult']) delete next.components.schemas[name]!.properties.status!.enum;
    const nextFile = join(copy, 'next-spec.yaml');
    writeFileSync(nextFile, stringify(next));

    const review = nx('g', '@qc-mcp/generators:update-spec', '--spec', nextFile, '--commit', 'f'.repeat(40));
    const report = review.stdout + review.stderr;
    expect(report).toContain('- lock_project_with_collaborators');
    expect(report).toContain('~ read_compile: input verbose added (boolean, required)');
    expect(report).toContain('3 overlay action(s) no longer match the new spec');
    expect(report).toContain('defect fixed upstream?');
    expect(JSON.parse(readFileSync(join(copy, 'openapi/source.json'), 'utf8')).commit).toBe('f'.repeat(40));

    // The surface shows the change, attributed to its tools.
    const surfaceDiff = execFileSync('git', ['diff', '--', 'openapi/mcp-surface.json'], { cwd: copy, encoding: 'utf8' });
    expect(surfaceDiff).toMatch(/-\s+"name": "lock_project_with_collaborators"/);
    expect(surfaceDiff).toMatch(/\+\s+"verbose": \{/);

    // As the report says: the new spec is now the pinned one, in openapi/.cache (the variable would point at the old file).
    expect(report).toContain('or unset it to use openapi/.cache/');
    specEnv = undefined;
    // Generation refuses stale overlays until the maintainer deletes the three stale actions.
    const refused = nx('run', 'mcp-local:build');
    expect(refused.status).not.toBe(0);
    expect(refused.stdout + refused.stderr).toContain('3 overlay action(s) matched nothing in the spec');
    for (const [file, target] of [
      ['04-runtime-realities.yaml', "$.components.schemas['BacktestResult','BacktestSummaryResult'].properties.status.enum"],
      ['10-operation-ids.yaml', "$.paths['/projects/collaboration/lock/acquire'].post"],
      ['20-mcp-tools.yaml', "$.paths['/projects/collaboration/lock/acquire'].post"],
    ] as const) {
      const path = join(copy, 'openapi/overlays', file);
      const overlay = parse(readFileSync(path, 'utf8')) as { actions: { target: string }[] };
      overlay.actions = overlay.actions.filter((action) => action.target !== target);
      writeFileSync(path, stringify(overlay));
    }
    const rebuilt = nx('run', 'mcp-local:build');
    expect(rebuilt.status, rebuilt.stdout + rebuilt.stderr).toBe(0);
    expect(rebuilt.stdout).not.toMatch(/mcp-local:build.*local cache/);
    expect(tools()).not.toContain('lock_project_with_collaborators');
    // The regenerated files are part of the cached tasks' inputs: no stale green.
    const checked = nx('run', 'mcp-tools:typecheck');
    expect(checked.status, checked.stdout).toBe(0);
    expect(checked.stdout).not.toMatch(/mcp-tools:typecheck.*(local cache|existing outputs match the cache)/);
  }, 600_000);
});
