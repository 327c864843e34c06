import { describe, expect, it } from 'vitest';
import { generatedTools } from './index.js';

describe('generated tool registry', () => {
  it('holds one definition per QuantConnect tool, with unique snake_case names', () => {
    const names = generatedTools.map((tool) => tool.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names.length).toBe(63);
    for (const name of names) expect(name).toMatch(/^[a-z][a-z0-9_]*$/);
  });

  it.each(generatedTools.map((tool) => [tool.name, tool] as const))('%s: sets all four hints and an object output schema', (_, tool) => {
    for (const hint of ['readOnlyHint', 'destructiveHint', 'idempotentHint', 'openWorldHint'] as const) {
      expect(typeof tool.annotations[hint]).toBe('boolean');
    }
    expect(tool.outputJsonSchema.type).toBe('object');
    expect(tool.inputJsonSchema.type).toBe('object');
    expect(tool.endpoint?.method).toBe('POST');
  });

  it.each(generatedTools.map((tool) => [tool.name, tool] as const))('%s: its Zod schema and JSON Schema require the same fields', (_, tool) => {
    const required = ((tool.inputJsonSchema.required as string[] | undefined) ?? []).slice().sort();
    const result = tool.inputSchema.safeParse({});
    const missing = result.success ? [] : result.error.issues.map((issue) => String(issue.path[0])).sort();
    expect(missing).toEqual(required);
  });

  it('rejects an unknown argument, naming it', () => {
    const readProject = generatedTools.find((tool) => tool.name === 'read_project');
    const result = readProject?.inputSchema.safeParse({ projectid: 1 });
    expect(result?.success).toBe(false);
    expect(JSON.stringify(result?.error?.issues)).toContain('projectid');
  });
});
