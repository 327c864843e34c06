export * as sdk from './generated/sdk.gen.js';
export * as schemas from './generated/zod.gen.js';
export type * from './generated/types.gen.js';
