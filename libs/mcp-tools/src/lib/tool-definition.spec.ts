import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { allTools } from '../index.js';
import { redefine, type ToolDefinition } from './tool-definition.js';

const base = (built: string[]): ToolDefinition => ({
  name: 'read_thing',
  title: 'Read thing',
  description: 'Reads a thing.',
  toolset: 'projects',
  implementation: 'generated',
  retry: true,
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: true },
  inject: {},
  get inputSchema() {
    built.push('base');
    return z.strictObject({ id: z.number() });
  },
  inputJsonSchema: { type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] },
  localArguments: [],
});

describe('redefine', () => {
  it('replaces the given fields and keeps the rest, calling no getter of either', () => {
    const built: string[] = [];
    const changed = redefine(base(built), {
      implementation: 'custom',
      get inputSchema() {
        built.push('changed');
        return z.strictObject({ id: z.string() });
      },
    });
    expect(built).toEqual([]);
    expect(changed.name).toBe('read_thing');
    expect(changed.implementation).toBe('custom');
    expect(changed.inputJsonSchema).toEqual({ type: 'object', properties: { id: { type: 'integer' } }, required: ['id'] });
    expect(changed.inputSchema.safeParse({ id: 'x' }).success).toBe(true);
    expect(built).toEqual(['changed']);
  });

  it('keeps a getter it does not replace as a getter', () => {
    const built: string[] = [];
    const changed = redefine(base(built), { description: 'Other.' });
    expect(built).toEqual([]);
    expect(changed.inputSchema.safeParse({ id: 1 }).success).toBe(true);
    expect(built).toEqual(['base']);
  });
});

describe('the tool registry', () => {
  it('the custom tools validate their own arguments, built on first use', () => {
    const byName = new Map(allTools.map((tool) => [tool.definition.name, tool.definition]));
    const upload = byName.get('upload_object');
    expect(upload?.implementation).toBe('custom');
    expect(upload?.inputSchema.safeParse({ organizationId: 'o', key: 'k', content: 'x', encoding: 'hex' }).success).toBe(false);
    expect(upload?.inputSchema.safeParse({ organizationId: 'o', key: 'k', content: 'x', encoding: 'base64' }).success).toBe(true);
    const authorize = byName.get('authorize_connection');
    expect(authorize?.inputSchema.safeParse({ brokerage: 'no-such-brokerage' }).success).toBe(false);
    expect(authorize?.inputSchema.safeParse({ authorizationUrlOpened: true }).success).toBe(false);
    const brokerages = (authorize?.inputJsonSchema.properties as { brokerage: { enum: string[] } }).brokerage.enum;
    expect(authorize?.inputSchema.safeParse({ brokerage: brokerages[0], authorizationUrlOpened: true }).success).toBe(true);
  });
});
