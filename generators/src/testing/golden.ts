import { parse } from 'yaml';
import { generate } from '../core/generate.js';
import type { GenerateOutput, JsonObject } from '../core/types.js';
import { readOverlays } from '../io/run.js';
import { readSource, resolveSpec } from '../io/spec-source.js';
import { workspaceRoot } from './fixtures.js';
import { treeWithOpenapiInputs } from './tree.js';

/** The pinned QuantConnect spec with the workspace's overlays (read as the generator reads them), generated once per test file. */
export async function generateGolden(): Promise<{ spec: JsonObject; result: GenerateOutput }> {
  const resolved = await resolveSpec(workspaceRoot);
  const spec = parse(resolved.text) as JsonObject;
  const result = await generate({
    spec,
    specSha256: resolved.sha256,
    specName: (await readSource(workspaceRoot)).path,
    overlays: readOverlays(treeWithOpenapiInputs()),
  });
  return { spec, result };
}
