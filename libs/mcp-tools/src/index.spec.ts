import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { allTools, generatedTools, PRESETS } from './index.js';
import { lazy } from './lib/tool-definition.js';

/** The committed, reviewed surface: the registry must list exactly its tools. */
const surface = JSON.parse(readFileSync(new URL('../../../openapi/mcp-surface.json', import.meta.url), 'utf8')) as { tools: { name: string }[] };

describe('lazy', () => {
  it('builds on first use, once, and returns the same value after', () => {
    let builds = 0;
    const value = lazy(() => ({ built: (builds += 1) }));
    expect(builds).toBe(0);
    const first = value();
    expect(value()).toBe(first);
    expect(first).toEqual({ built: 1 });
    expect(builds).toBe(1);
  });

  it("gives each tool one schema, the same on every use", () => {
    for (const tool of generatedTools) expect(tool.inputSchema).toBe(tool.inputSchema);
  });
});

describe('generated tool registry', () => {
  it('holds one definition per QuantConnect tool, with unique snake_case names', () => {
    const names = generatedTools.map((tool) => tool.name);
    expect(new Set(names).size).toBe(names.length);
    expect([...names].sort()).toEqual(surface.tools.map((tool) => tool.name).sort());
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it.each(generatedTools.map((tool) => [tool.name, tool] as const))('%s: sets all four hints and lists no output schema', (_, tool) => {
    for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
      expect(typeof tool.annotations[hint]).toBe('boolean');
    }
    expect(tool.outputJsonSchema).toBeUndefined();
    expect(tool.inputJsonSchema.type).toBe('object');
    // Local tools call no operation; every other one POSTs.
    expect(tool.endpoint?.method).toBe(tool.implementation === 'local' ? undefined : 'POST');
  });

  it.each(generatedTools.map((tool) => [tool.name, tool] as const))('%s: its Zod schema and JSON Schema require the same fields', (_, tool) => {
    const required = ((tool.inputJsonSchema.required as string[] | undefined) ?? []).slice().sort();
    const result = tool.inputSchema.safeParse({});
    const missing = result.success ? [] : result.error.issues.map((issue) => String(issue.path[0])).sort();
    expect(missing).toEqual(required);
  });

  it('builds a handler for every tool: views, waits and custom handlers all exist', () => {
    expect(allTools.map((tool) => tool.definition.name)).toEqual(generatedTools.map((tool) => tool.name));
    expect(allTools.filter((tool) => tool.definition.implementation === 'local').map((tool) => tool.definition.name)).toEqual(['read_mcp_server_version', 'read_latest_mcp_server_version']);
    for (const tool of allTools) expect(typeof tool.handler).toBe('function');
  });

  it('the core preset names the write, compile, backtest, read loop', () => {
    expect(PRESETS.core).toEqual(expect.arrayContaining(['create_file', 'patch_file', 'create_compile', 'create_backtest', 'read_backtest', 'run_backtest']));
    expect(PRESETS.core).not.toContain('create_live_algorithm');
  });

  it('rejects an unknown argument, naming it', () => {
    const readProject = generatedTools.find((tool) => tool.name === 'read_project');
    const result = readProject?.inputSchema.safeParse({ projectid: 1 });
    expect(result?.success).toBe(false);
    expect(JSON.stringify(result?.error?.issues)).toContain('projectid');
  });
});
