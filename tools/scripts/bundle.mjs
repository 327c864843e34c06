// Bundles an app into one ESM file plus its source map:
//   node tools/scripts/bundle.mjs <entry.ts> <outfile.js> [--bin] [--external=pkg,...] [--watch]
// --bin adds a shebang and makes the file executable; --minify shrinks what a cold start parses. Workspace libraries resolve through the
// tsconfig paths; every dependency is bundled unless named external.
import { chmodSync } from 'node:fs';
import { context, build } from 'esbuild';

const [entry, outfile, ...flags] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: node tools/scripts/bundle.mjs <entry.ts> <outfile.js> [--bin] [--external=a,b] [--watch]');
  process.exit(2);
}
const bin = flags.includes('--bin');
const external = (flags.find((flag) => flag.startsWith('--external=')) ?? '--external=').slice('--external='.length).split(',').filter(Boolean);

/** @type {import('esbuild').BuildOptions} */
const options = {
  entryPoints: [entry],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  minify: flags.includes('--minify'),
  legalComments: 'none',
  external,
  logLevel: 'warning',
  // Bundled CommonJS dependencies still call require(); give them one.
  banner: {
    js: `${bin ? '#!/usr/bin/env node\n' : ''}import { createRequire as __qcCreateRequire } from 'node:module';\nconst require = __qcCreateRequire(import.meta.url);`,
  },
};

if (flags.includes('--watch')) {
  const ctx = await context({ ...options, plugins: [{ name: 'chmod', setup: (b) => b.onEnd(() => bin && chmodSync(outfile, 0o755)) }] });
  await ctx.watch();
  console.error(`watching ${entry}`);
} else {
  await build(options);
  if (bin) chmodSync(outfile, 0o755);
}
