import { openapiOverlay } from 'openapi-format';
import { GenerationError, type JsonObject, type OverlayFile } from './types.js';

interface OverlayAction {
  readonly target?: unknown;
  readonly description?: unknown;
  readonly remove?: unknown;
}

/** An overlay action that matched nothing: the upstream spec moved under it. */
export interface UnmatchedAction {
  readonly file: string;
  /** 1-based position in its file. */
  readonly index: number;
  readonly target: string;
  /** The action's own reason for existing (the defect it fixes). */
  readonly description: string;
  /** What probably happened, and what to do. */
  readonly hint: string;
}

export interface AppliedOverlays {
  readonly spec: JsonObject;
  readonly unmatched: readonly UnmatchedAction[];
}

function hintFor(action: OverlayAction): string {
  return action.remove === true
    ? 'defect fixed upstream? What this action removes is no longer in the spec: if the defect is gone, delete the action.'
    : 'target removed or renamed upstream? Nothing matches it any more: delete the action, or point it at the new place.';
}

/**
 * Applies OpenAPI Overlay 1.0 documents in order. Every action must say why it exists. Every
 * action that matches nothing (the upstream spec moved) is collected, across all files, so one run
 * reports them all; the caller decides whether that is fatal.
 */
export async function applyOverlays(spec: JsonObject, overlays: readonly OverlayFile[]): Promise<AppliedOverlays> {
  let current = structuredClone(spec);
  const unmatched: UnmatchedAction[] = [];
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
    for (const action of resultData.unusedActions as OverlayAction[]) {
      const index = actions.findIndex((candidate) => candidate.target === action.target && candidate.description === action.description) + 1;
      unmatched.push({ file: name, index, target: String(action.target), description: String(action.description).trim(), hint: hintFor(action) });
    }
    current = data as JsonObject;
  }
  return { spec: current, unmatched };
}

/** The review of stale overlay actions: each with its file, target, reason and hint. */
export function formatUnmatched(unmatched: readonly UnmatchedAction[]): string {
  return unmatched
    .map((action) => `  - ${action.file} #${action.index}: ${action.target}\n      why it exists: ${action.description.replace(/\s+/g, ' ')}\n      ${action.hint}`)
    .join('\n');
}
