import { openapiOverlay } from 'openapi-format';
import { GenerationError, type JsonObject, type OverlayFile } from './types.js';

interface OverlayAction {
  readonly target?: unknown;
  readonly description?: unknown;
}

/**
 * Applies OpenAPI Overlay 1.0 documents in order. Every action must say why it exists and must
 * change something: an action whose target matches nothing means the upstream spec moved, and
 * silently skipping it would ship an unpatched defect.
 */
export async function applyOverlays(spec: JsonObject, overlays: readonly OverlayFile[]): Promise<JsonObject> {
  let current = structuredClone(spec);
  for (const overlay of overlays) {
    const { document, name } = overlay;
    if (typeof document.overlay !== 'string' || !/^1\.0\.\d+$/.test(document.overlay)) {
      throw new GenerationError(`${name}: not an OpenAPI Overlay 1.0 document (set "overlay: 1.0.0").`);
    }
    const actions = (Array.isArray(document.actions) ? document.actions : []) as OverlayAction[];
    actions.forEach((action, index) => {
      if (typeof action.description !== 'string' || action.description.trim() === '') {
        throw new GenerationError(
          `${name}: action #${index + 1} (target ${String(action.target)}) has no description; say which defect it fixes and why.`,
        );
      }
    });
    const { data, resultData } = await openapiOverlay(current, { overlaySet: structuredClone(document) });
    const unused = resultData.unusedActions as OverlayAction[];
    if (unused.length > 0) {
      const targets = unused.map((action) => `  - ${String(action.target)}`).join('\n');
      throw new GenerationError(
        `${name}: ${unused.length} overlay action(s) matched nothing in the spec:\n${targets}\n` +
          'The upstream spec has probably changed. Update or remove these actions.',
      );
    }
    current = data as JsonObject;
  }
  return current;
}
