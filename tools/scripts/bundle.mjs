// Bundles an app into one ESM file plus its source map:
//   node tools/scripts/bundle.mjs <entry.ts> <outfile.js> [--bin] [--external=pkg,...] [--metafile=meta.json] [--watch]
// --bin adds a shebang and makes the file executable; --minify shrinks what a cold start parses; --split
// bundles each package loaded by a dynamic import on its own, in lazy/ beside the entry, so that the entry
// stays one file and the package is read only when first imported. Workspace libraries resolve through the
// tsconfig paths; every dependency is bundled unless named external.
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, extname, join } from 'node:path';
import { tmpdir } from 'node:os';
import { context, build } from 'esbuild';

const [entry, outfile, ...flags] = process.argv.slice(2);
if (!entry || !outfile) {
  console.error('usage: node tools/scripts/bundle.mjs <entry.ts> <outfile.js> [--bin] [--external=a,b] [--watch]');
  process.exit(2);
}
const bin = flags.includes('--bin');
const external = (flags.find((flag) => flag.startsWith('--external=')) ?? '--external=').slice('--external='.length).split(',').filter(Boolean);

/** Writes a module the bundle uses in place of a dependency's own, and returns its path. */
function stubModule(name, source) {
  const path = join(tmpdir(), `qc-mcp-${name}-${process.pid}.mjs`);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, source);
  return path;
}

/**
 * zod's namespace export (`z.locales`) pulls every locale into a bundle, a fifth of its bytes, all
 * parsed at start-up; the server only ever uses English. This gives that namespace English alone.
 * @type {import('esbuild').Plugin}
 */
const englishOnlyZod = {
  name: 'english-only-zod',
  setup(b) {
    const require = createRequire(import.meta.url);
    const en = join(dirname(require.resolve('zod/package.json')), 'v4/locales/en.js');
    const stub = stubModule('zod-locales', `export { default as en } from ${JSON.stringify(en)};\n`);
    b.onResolve({ filter: /\/locales\/index\.js$/ }, (args) => (/[\\/]node_modules[\\/]zod[\\/]/.test(args.importer) ? { path: stub } : undefined));
  },
};

/**
 * The SDK's server imports its default JSON Schema validator, Ajv (with its formats and URI parser,
 * a quarter of the bundle), though the server never uses it: createServer passes its own validator
 * for forms. This puts a stub in its place that says so if anything ever builds it.
 * @type {import('esbuild').Plugin}
 */
const noDefaultAjv = {
  name: 'no-default-ajv',
  setup(b) {
    const stub = stubModule(
      'no-ajv',
      `export class AjvJsonSchemaValidator {\n  constructor() {\n    throw new Error('This build has no Ajv: pass createServer a jsonSchemaValidator.');\n  }\n}\n`,
    );
    b.onResolve({ filter: /\/validation\/ajv-provider\.js$/ }, (args) => (/[\\/]@modelcontextprotocol[\\/]sdk[\\/]/.test(args.importer) ? { path: stub } : undefined));
  },
};

/**
 * Powertools' logger imports node:crypto for one call, randomInt, made only when debug-log sampling
 * is configured; loading node:crypto costs a cold start about 2 ms. This gives the logger a randomInt
 * that reaches node:crypto when first called.
 * @type {import('esbuild').Plugin}
 */
const lazyCryptoForLogger = {
  name: 'lazy-crypto-for-logger',
  setup(b) {
    const stub = stubModule('lazy-crypto', `export const randomInt = (...args) => process.getBuiltinModule('node:crypto').randomInt(...args);\n`);
    b.onResolve({ filter: /^node:crypto$/ }, (args) => (/[\\/]@aws-lambda-powertools[\\/]logger[\\/]/.test(args.importer) ? { path: stub } : undefined));
  },
};

/** The index just past the `}` closing the object literal that opens at `open` (comments and strings skipped). */
function closingBrace(source, open) {
  let depth = 0;
  for (let i = open; i < source.length; i += 1) {
    const c = source[i];
    if (c === '/' && source[i + 1] === '*') i = source.indexOf('*/', i + 2) + 1;
    else if (c === '/' && source[i + 1] === '/') i = source.indexOf('\n', i);
    else if (c === '"' || c === "'" || c === '`') {
      for (i += 1; source[i] !== c; i += 1) {
        if (source[i] === '\\') i += 1;
        else if (c === '`' && source[i] === '$' && source[i + 1] === '{') throw new Error('a template literal with a substitution');
      }
    } else if (c === '{') depth += 1;
    else if (c === '}' && (depth -= 1) === 0) return i + 1;
  }
  throw new Error('an unbalanced object literal');
}

/**
 * `{ ...A.shape, ...B.shape, key: … }` as an Object.assign the bundler can see has no side effects
 * (it keeps any object spread, in case a getter runs). Same value: own enumerable keys of plain
 * objects, copied in the same order, into a fresh object.
 */
function assignShapes(source) {
  const literals = [...source.matchAll(/\{\s*((?:\.\.\.\w+\.shape,\s*)+)/g)].reverse();
  let out = source;
  for (const literal of literals) {
    const open = literal.index;
    const close = closingBrace(out, open);
    const spreads = [...literal[1].matchAll(/\.\.\.(\w+)\.shape/g)].map(([, name]) => `/* @__PURE__ */ (() => ${name}.shape)()`);
    const rest = out.slice(open + literal[0].length, close);
    out = `${out.slice(0, open)}/* @__PURE__ */ Object.assign({}, ${spreads.join(', ')}, {${rest})${out.slice(close)}`;
  }
  return out;
}

/**
 * The SDK's protocol module builds every MCP schema (about 150 zod schemas) when it is evaluated,
 * though a server uses some of them; zod's builders are ordinary calls, so the bundler must keep
 * them all. Marking each schema's initializer side-effect free (and writing the shape spreads
 * some of them use as an Object.assign) lets the bundler drop the ones nothing imports, so a cold
 * start builds only what the server uses.
 * @type {import('esbuild').Plugin}
 */
const pureSdkSchemas = {
  name: 'pure-sdk-schemas',
  setup(b) {
    b.onLoad({ filter: /[\\/]@modelcontextprotocol[\\/]sdk[\\/]dist[\\/]esm[\\/]types\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const contents = assignShapes(source)
        .replace(/^((?:export )?const \w+ = )(?=[\w.]+\()/gm, '$1/* @__PURE__ */ ')
        .replace(/(?<![\w.])((?:z|\w+Schema)\s*\.\s*\w+\s*\()/g, '/* @__PURE__ */ $1');
      return { contents, loader: 'js' };
    });
  },
};

/**
 * --split: a package the code loads with a dynamic import (the AWS SDK, read only when a secret is)
 * becomes a bundle of its own in lazy/ and the import points there. esbuild's own code splitting
 * would instead move code shared with it (Powertools' commons) into chunks that the entry imports
 * at start-up, each one more module to load on every cold start (about 1.3 ms for two).
 * @param {string} prefix where lazy bundles are, relative to the bundle being built
 * @param {Set<string>} found the packages seen, to be bundled in turn
 * @returns {import('esbuild').Plugin}
 */
const lazyPackages = (prefix, found) => ({
  name: 'lazy-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind !== 'dynamic-import' || args.path.startsWith('node:')) return undefined;
      found.add(args.path);
      return { path: `${prefix}${lazyName(args.path)}${extname(outfile)}`, external: true };
    });
  },
});
const lazyName = (specifier) => specifier.replace(/^@/, '').replace(/[^\w.-]+/g, '-');
const split = flags.includes('--split');
const lazyDir = join(dirname(outfile), 'lazy');
const lazyFound = new Set();

/** Bundled CommonJS dependencies may still call require() (esbuild's shim then does); this gives them one. */
const REQUIRE = `import { createRequire as __qcCreateRequire } from 'node:module';\nconst require = __qcCreateRequire(import.meta.url);`;

const PLUGINS = [englishOnlyZod, noDefaultAjv, lazyCryptoForLogger, pureSdkSchemas];

/** @type {import('esbuild').BuildOptions} */
const options = {
  plugins: [...PLUGINS, ...(split ? [lazyPackages('./lazy/', lazyFound)] : [])],
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
  banner: { js: `${bin ? '#!/usr/bin/env node\n' : ''}${REQUIRE}` },
};

/**
 * Builds, giving the output a require() only when its code calls one: importing node:module costs
 * a cold start that never needs it, and the entries never do (only the AWS SDK, bundled lazily).
 * @param {import('esbuild').BuildOptions} buildOptions
 */
async function buildWithRequireIfNeeded(buildOptions) {
  const probe = await build({ ...buildOptions, write: false, metafile: false, sourcemap: false, banner: { js: buildOptions.banner.js.replace(REQUIRE, '') } });
  const needs = probe.outputFiles.some((file) => file.text.includes('Dynamic require of'));
  return build(needs ? buildOptions : { ...buildOptions, banner: { js: buildOptions.banner.js.replace(REQUIRE, '') } });
}

if (flags.includes('--watch')) {
  const ctx = await context({ ...options, plugins: [{ name: 'chmod', setup: (b) => b.onEnd(() => bin && chmodSync(outfile, 0o755)) }] });
  await ctx.watch();
  console.error(`watching ${entry}`);
} else {
  const metafile = flags.find((flag) => flag.startsWith('--metafile='))?.slice('--metafile='.length);
  // Lazy bundles of an earlier build must not ship with this one.
  rmSync(lazyDir, { recursive: true, force: true });
  rmSync(join(dirname(outfile), 'chunks'), { recursive: true, force: true });
  const result = await buildWithRequireIfNeeded({ ...options, metafile: Boolean(metafile) });
  if (metafile) writeFileSync(metafile, JSON.stringify(result.metafile));
  if (bin) chmodSync(outfile, 0o755);
  // Each lazy package in turn (a Set visits what is added while it is iterated); those it loads lazily itself land beside it.
  for (const specifier of lazyFound) {
    await buildWithRequireIfNeeded({
      ...options,
      plugins: [...PLUGINS, lazyPackages('./', lazyFound)],
      entryPoints: undefined,
      stdin: { contents: `export * from ${JSON.stringify(specifier)};\n`, resolveDir: dirname(entry), loader: 'js', sourcefile: `lazy:${specifier}` },
      outfile: join(lazyDir, `${lazyName(specifier)}${extname(outfile)}`),
    });
  }
}
