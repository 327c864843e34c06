export { generate } from './core/generate.js';
export { buildModel, TOOLSETS } from './core/model.js';
export { buildSurface, diffSurfaces, formatSurfaceDiff } from './core/surface.js';
export { GenerationError } from './core/types.js';
export type { ApiModel, GenerateInput, GenerateOutput, OverlayFile, ToolModel } from './core/types.js';
