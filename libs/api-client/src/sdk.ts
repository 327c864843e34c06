/** The generated SDK functions; pass `client: qc.raw` from createClient to call them authenticated. */
export * from './generated/sdk.gen.js';
