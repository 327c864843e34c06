import { buildModel } from './model.js';
import { applyOverlays, formatUnmatched } from './overlay.js';
import { renderTools, SURFACE_FILE } from './render.js';
import { findDanglingRefs } from './schema.js';
import { renderSurface } from './surface.js';
import { GenerationError, type GenerateInput, type GenerateOutput } from './types.js';

/**
 * The generator's pure core: spec + overlays in, files out. It reads no file, clock or
 * environment, so the same input always gives byte-identical output.
 */
export async function generate(input: GenerateInput): Promise<GenerateOutput> {
  const { spec: patchedSpec, unmatched } = await applyOverlays(input.spec, input.overlays);
  if (unmatched.length > 0 && !input.reviewStaleOverlays) {
    throw new GenerationError(
      `${unmatched.length} overlay action(s) matched nothing in the spec; the upstream spec has changed under them:\n${formatUnmatched(unmatched)}\n` +
        'Update or remove these actions, then generate again.',
    );
  }
  const dangling = findDanglingRefs(patchedSpec);
  if (dangling.length > 0) {
    throw new GenerationError(
      `The patched spec has ${dangling.length} reference(s) to nothing:\n${dangling.map((ref) => `  - ${ref}`).join('\n')}\nAdd an overlay action that points each one at a real schema.`,
    );
  }
  const model = buildModel(patchedSpec, input.specSha256, input.specName);
  const files = renderTools(model);
  files.set(SURFACE_FILE, renderSurface(model));
  const warnings = model.uncoveredOperations.map(
    (operation) => `${operation} has no x-mcp metadata, so no tool calls it. Describe it in openapi/overlays/20-mcp-tools.yaml.`,
  );
  return { files, patchedSpec, model, warnings, unmatched };
}
