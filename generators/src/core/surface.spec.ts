import { describe, expect, it } from 'vitest';
import { fixtureInput } from '../testing/fixtures.js';
import { generate } from './generate.js';
import { buildSurface, diffSurfaces, formatSurfaceDiff } from './surface.js';

describe('surface diff', () => {
  it('lists added, removed and changed tools with what changed', async () => {
    const before = buildSurface((await generate(fixtureInput('one-of-body'))).model);
    const after = structuredClone(before);
    after.tools = after.tools.filter((tool) => tool.name !== 'update_file_name');
    const contents = after.tools.find((tool) => tool.name === 'update_file_contents')!;
    contents.hints.destructive = false;
    contents.input.content = { type: 'string', required: false };
    after.tools.push({ ...contents, name: 'brand_new' });
    expect(formatSurfaceDiff(diffSurfaces(before, after)).split('\n')).toEqual([
      '+ brand_new',
      '- update_file_name',
      '~ update_file_contents: destructiveHint: true -> false; input content: string required -> string',
    ]);
  });
});
