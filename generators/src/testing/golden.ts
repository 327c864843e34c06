import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { generate } from '../core/generate.js';
import type { GenerateOutput, JsonObject } from '../core/types.js';
import { readSource, resolveSpec } from '../io/spec-source.js';
import { workspaceRoot } from './fixtures.js';

/** The pinned QuantConnect spec with the workspace's overlays, generated once per test file. */
export async function generateGolden(): Promise<{ spec: JsonObject; result: GenerateOutput }> {
  const resolved = await resolveSpec(workspaceRoot);
  const spec = parse(resolved.text) as JsonObject;
  const overlayDir = join(workspaceRoot, 'openapi/overlays');
  const names = readdirSync(overlayDir).filter((name) => name.endsWith('.yaml')).sort();
  const result = await generate({
    spec,
    specSha256: resolved.sha256,
    specName: (await readSource(workspaceRoot)).path,
    overlays: names.map((name) => ({ name, document: parse(readFileSync(join(overlayDir, name), 'utf8')) as JsonObject })),
  });
  return { spec, result };
}
