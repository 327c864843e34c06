import { describe, expect, it } from 'vitest';
import { fixtureInput } from '../testing/fixtures.js';
import { generate } from './generate.js';
import { compactLargeProperties } from './schema.js';
import { GenerationError } from './types.js';

async function snapshotFiles(name: string) {
  const { files } = await generate(fixtureInput(name));
  for (const [path, content] of files) {
    await expect(content).toMatchFileSnapshot(`./__snapshots__/${name}/${path.replace('libs/mcp-tools/src/generated/', 'mcp-tools/')}`);
  }
  return files;
}

describe('generate (pure core) on one-feature fixtures', () => {
  it('splits a oneOf request body into one tool per branch', async () => {
    const files = await snapshotFiles('one-of-body');
    const { model } = await generate(fixtureInput('one-of-body'));
    expect(model.tools.map((tool) => tool.name)).toEqual(['update_file_name', 'update_file_contents']);
    const [rename, write] = model.tools;
    expect(rename?.inputFields.map((field) => field.name)).toEqual(['projectId', 'name', 'newName']);
    expect(write?.inputFields.map((field) => field.name)).toEqual(['projectId', 'name', 'content']);
    // codeSourceId is injected from configuration, never asked of the caller.
    expect(rename?.inject).toEqual({ codeSourceId: 'agentName' });
    expect(JSON.stringify(rename?.inputJsonSchema)).not.toContain('codeSourceId');
    expect([...files.keys()]).toContain('libs/mcp-tools/src/generated/tools/update-file-name.gen.ts');
  });

  it('records the answer\'s top-level fields, and drops nullability from inputs', async () => {
    await snapshotFiles('nullable-field');
    const { model } = await generate(fixtureInput('nullable-field'));
    const tool = model.tools[0];
    // No outputSchema is listed (it would say nothing a lenient reader could enforce); the surface keeps the field names.
    expect(tool?.outputFields).toEqual(['created', 'note', 'progress', 'statistics', 'status']);
    expect(JSON.stringify(tool?.inputJsonSchema)).not.toContain('nullable');
    expect(tool?.inputZod).toContain('"note": z.string().optional()');
  });

  it('fails on a $ref that points at nothing, naming it', async () => {
    await expect(generate(fixtureInput('dangling-ref'))).rejects.toThrow(
      /#\/components\/schemas\/Request[\s\S]*Add an overlay action/,
    );
  });

  it('fails on an overlay action that matches nothing, naming its file, target, reason and a hint', async () => {
    const failure = generate(fixtureInput('unmatched-overlay'));
    await expect(failure).rejects.toBeInstanceOf(GenerationError);
    await expect(failure).rejects.toThrow(
      '1 overlay action(s) matched nothing in the spec; the upstream spec has changed under them:\n' +
        '  - unmatched-overlay/overlay.yaml #1: $.components.schemas.GoneUpstream.properties.status\n' +
        '      why it exists: Fixes a schema that no longer exists.\n' +
        '      target removed or renamed upstream? Nothing matches it any more: delete the action, or point it at the new place.',
    );
  });

  it('in review mode, reports every stale action instead of failing', async () => {
    const { unmatched, model } = await generate({ ...fixtureInput('unmatched-overlay'), reviewStaleOverlays: true });
    expect(unmatched).toEqual([
      {
        file: 'unmatched-overlay/overlay.yaml',
        index: 1,
        target: '$.components.schemas.GoneUpstream.properties.status',
        description: 'Fixes a schema that no longer exists.',
        hint: 'target removed or renamed upstream? Nothing matches it any more: delete the action, or point it at the new place.',
      },
    ]);
    expect(model.tools).toEqual([]);
  });

  describe('x-mcp is checked', () => {
    /** The one-of-body fixture with its second tool's metadata changed. */
    const withContentsTool = (change: (tool: Record<string, unknown>) => void) => {
      const input = structuredClone(fixtureInput('one-of-body'));
      const actions = input.overlays[0]?.document.actions as { update: { 'x-mcp': { tools: Record<string, unknown>[] } } }[];
      change(actions[0]!.update['x-mcp'].tools[1]!);
      return generate(input);
    };

    it('a destructive or live write may not retry', async () => {
      await expect(withContentsTool((tool) => (tool.retry = true))).rejects.toThrow(/tool update_file_contents may not retry: only idempotent, non-destructive calls/);
      await expect(
        withContentsTool((tool) => Object.assign(tool, { toolset: 'live', destructiveHint: false, retry: true })),
      ).rejects.toThrow(/no live-trading write ever is/);
    });

    it('every tool states its retry policy', async () => {
      await expect(withContentsTool((tool) => delete tool.retry)).rejects.toThrow('tool update_file_contents must set retry to true');
    });

    it('realMoney marks only live-trading writes', async () => {
      await expect(withContentsTool((tool) => (tool.realMoney = true))).rejects.toThrow(/realMoney: true marks a live-trading write/);
    });

    it('an unknown key, a verify tool or a poll tool that does not exist are named', async () => {
      await expect(withContentsTool((tool) => (tool.retries = 3))).rejects.toThrow(/unknown x-mcp key\(s\) retries/);
      await expect(withContentsTool((tool) => (tool.verify = 'read_nothing'))).rejects.toThrow("is verified with 'read_nothing', which is not a tool");
      await expect(
        withContentsTool((tool) => (tool.wait = { job: 'compile', poll: 'read_compile', defaultSeconds: 1, maxSeconds: 2 })),
      ).rejects.toThrow("waits by polling 'read_compile', which is not a tool");
      await expect(withContentsTool((tool) => (tool.wait = { job: 'compile', poll: 'x', defaultSeconds: 5, maxSeconds: 2 }))).rejects.toThrow(
        "'wait' needs 'job', 'poll' (a tool name) and 'defaultSeconds' <= 'maxSeconds'",
      );
    });

    it('local arguments may not shadow a body field; required names a real one', async () => {
      await expect(withContentsTool((tool) => (tool.arguments = { content: { type: 'string' } }))).rejects.toThrow("local argument 'content' clashes");
      await expect(withContentsTool((tool) => (tool.required = ['nope']))).rejects.toThrow("names field 'nope', which the request body does not have");
    });
  });

  it('fails on a duplicate tool name', async () => {
    await expect(generate(fixtureInput('duplicate-name'))).rejects.toThrow("Duplicate tool name 'read_backtest'");
  });

  it('fails on a tool name that is not snake_case', async () => {
    await expect(generate(fixtureInput('invalid-name'))).rejects.toThrow(/invalid tool name "Read Backtest"/);
  });

  it('fails on an overlay action without a description', async () => {
    const input = fixtureInput('nullable-field');
    const overlay = structuredClone(input.overlays[0]!.document) as { actions: { description?: string }[] };
    delete overlay.actions[0]!.description;
    await expect(generate({ ...input, overlays: [{ name: 'x.yaml', document: overlay }] })).rejects.toThrow(/has no description/);
  });

  it('is deterministic: the same input gives byte-identical files', async () => {
    const first = await generate(fixtureInput('one-of-body'));
    const second = await generate(fixtureInput('one-of-body'));
    expect([...second.files]).toEqual([...first.files]);
  });

  it('reports operations without tool metadata instead of silently dropping them', async () => {
    const input = fixtureInput('nullable-field');
    const { warnings, model } = await generate({ ...input, overlays: [] });
    expect(model.tools).toHaveLength(0);
    expect(warnings).toEqual([expect.stringContaining('POST /backtests/read has no x-mcp metadata')]);
  });
});

describe('oversized input properties', () => {
  it('are summarised with their variants and required fields', async () => {
    const variant = (id: string, fields: string[]) => ({
      type: 'object',
      required: [fields[0]],
      properties: { id: { type: 'string', enum: [id] }, ...Object.fromEntries(fields.map((field) => [field, { type: 'string', description: 'x'.repeat(300) }])) },
    });
    const schema = {
      type: 'object',
      properties: {
        small: { type: 'string' },
        brokerage: { description: 'Brokerage settings.', anyOf: [variant('Alpha', ['key', 'secret']), variant('Beta', ['token'])] },
      },
    };
    const compact = compactLargeProperties(schema, 500) as { properties: Record<string, unknown> };
    expect(compact.properties.small).toEqual({ type: 'string' });
    expect(compact.properties.brokerage).toEqual({
      type: 'object',
      description: 'Brokerage settings. One of, by "id": Alpha {key*, secret}; Beta {token*}. * = required.',
    });
  });

  it('summarise a long list of objects by its item fields and short enums', () => {
    const schema = {
      type: 'object',
      properties: {
        constraints: {
          type: 'array',
          description: 'Constraints.',
          items: {
            type: 'object',
            required: ['target', 'operator'],
            properties: {
              target: { type: 'string', enum: ['A'.repeat(60), 'B'.repeat(60)], description: 'x'.repeat(200) },
              operator: { type: 'string', enum: ['Less', 'Greater'] },
              value: { type: 'number' },
            },
          },
        },
      },
    };
    const compact = compactLargeProperties(schema, 300) as { properties: Record<string, unknown> };
    expect(compact.properties.constraints).toEqual({
      type: 'array',
      description: 'Constraints. A list of {target*, operator*, value} (operator: Less|Greater). * = required.',
    });
  });

  it('an overlay may word a summary itself', () => {
    const schema = { type: 'object', properties: { feeds: { type: 'object', description: 'Feeds.', 'x-mcp-summary': 'Keys: any brokerage id.', properties: { a: { description: 'y'.repeat(400) } } } } };
    expect((compactLargeProperties(schema, 100) as { properties: Record<string, unknown> }).properties.feeds).toEqual({ type: 'object', description: 'Feeds. Keys: any brokerage id.' });
  });
});
