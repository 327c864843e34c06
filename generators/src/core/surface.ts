import { createHash } from 'node:crypto';
import type { ApiModel } from './types.js';

/** A short fingerprint of a description: the surface shows that it changed without carrying the text. */
const fingerprint = (text: string) => createHash('sha256').update(text).digest('hex').slice(0, 12);

/**
 * The committed facts of the tool surface: which tool calls which endpoint, its hints, toolset and
 * input fields, top-level output fields and a fingerprint of each description, so a spec change
 * shows up as a short, readable diff.
 */
export function buildSurface(model: ApiModel) {
  const tools = [...model.tools]
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((tool) => ({
      name: tool.name,
      toolset: tool.toolset,
      implementation: tool.implementation,
      endpoint: tool.implementation === 'local' ? 'none (local)' : `POST ${tool.path}`,
      contentType: tool.contentType,
      hints: {
        readOnly: tool.annotations.readOnlyHint,
        destructive: tool.annotations.destructiveHint,
        idempotent: tool.annotations.idempotentHint,
        openWorld: tool.annotations.openWorldHint,
      },
      retry: tool.retry,
      ...(tool.realMoney ? { realMoney: true } : {}),
      injected: Object.keys(tool.inject),
      input: Object.fromEntries(tool.inputFields.map((field) => [field.name, { type: field.type, required: field.required }])),
      ...(tool.localArguments.length > 0 ? { localArguments: tool.localArguments } : {}),
      ...(tool.view ? { view: tool.view.name } : {}),
      ...(tool.wait ? { waits: `${tool.wait.job} via ${tool.wait.poll}` } : {}),
      output: tool.outputFields,
      description: fingerprint(tool.description),
    }));
  return { spec: { name: model.specName, sha256: model.specSha256 }, tools, presets: model.presets, uncoveredOperations: model.uncoveredOperations };
}

export const renderSurface = (model: ApiModel) => `${JSON.stringify(buildSurface(model), null, 2)}\n`;

type Surface = ReturnType<typeof buildSurface>;
type SurfaceTool = Surface['tools'][number];

export interface SurfaceDiff {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly { readonly name: string; readonly what: readonly string[] }[];
}

function toolChanges(before: SurfaceTool, after: SurfaceTool): string[] {
  const what: string[] = [];
  for (const key of ['toolset', 'implementation', 'endpoint', 'contentType', 'retry', 'realMoney'] as const) {
    if (before[key] !== after[key]) what.push(`${key}: ${before[key]} -> ${after[key]}`);
  }
  for (const hint of Object.keys(after.hints) as (keyof SurfaceTool['hints'])[]) {
    if (before.hints[hint] !== after.hints[hint]) what.push(`${hint}Hint: ${before.hints[hint]} -> ${after.hints[hint]}`);
  }
  if (before.description !== after.description) what.push('description changed');
  const beforeOutput = new Set(before.output ?? []);
  const afterOutput = new Set(after.output ?? []);
  for (const field of [...afterOutput].filter((name) => !beforeOutput.has(name)).sort()) what.push(`output ${field} added`);
  for (const field of [...beforeOutput].filter((name) => !afterOutput.has(name)).sort()) what.push(`output ${field} removed`);
  const fields = new Set([...Object.keys(before.input), ...Object.keys(after.input)]);
  for (const field of [...fields].sort()) {
    const old = before.input[field];
    const now = after.input[field];
    if (!old) what.push(`input ${field} added (${now?.type}${now?.required ? ', required' : ''})`);
    else if (!now) what.push(`input ${field} removed`);
    else if (JSON.stringify(old) !== JSON.stringify(now)) {
      what.push(`input ${field}: ${old.type}${old.required ? ' required' : ''} -> ${now.type}${now.required ? ' required' : ''}`);
    }
  }
  return what;
}

/** Which tools a spec change adds, removes or changes, for the update-spec report. */
export function diffSurfaces(before: Surface | undefined, after: Surface): SurfaceDiff {
  const old = new Map((before?.tools ?? []).map((tool) => [tool.name, tool]));
  const now = new Map(after.tools.map((tool) => [tool.name, tool]));
  return {
    added: [...now.keys()].filter((name) => !old.has(name)),
    removed: [...old.keys()].filter((name) => !now.has(name)),
    changed: [...now.values()]
      .filter((tool) => old.has(tool.name))
      .map((tool) => ({ name: tool.name, what: toolChanges(old.get(tool.name) as SurfaceTool, tool) }))
      .filter((change) => change.what.length > 0),
  };
}

export function formatSurfaceDiff(diff: SurfaceDiff): string {
  if (diff.added.length + diff.removed.length + diff.changed.length === 0) return 'No tool was added, removed or changed.';
  const lines: string[] = [];
  for (const name of diff.added) lines.push(`+ ${name}`);
  for (const name of diff.removed) lines.push(`- ${name}`);
  for (const change of diff.changed) lines.push(`~ ${change.name}: ${change.what.join('; ')}`);
  return lines.join('\n');
}
