/** The generated Zod schemas of every request and response in the (patched) spec. */
export * from './generated/zod.gen.js';
