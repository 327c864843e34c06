// Assembles the publishable npm package and the MCP bundle from the built bin:
//   node tools/scripts/pack.mjs     (after `npx nx run mcp-local:build`)
// apps/mcp-local/dist/package/   quantconnect-mcp: the bundled bin, its map, a README; no dependencies
// apps/mcp-local/dist/quantconnect-mcp-<version>.tgz   npm pack of it
// apps/mcp-local/dist/quantconnect-mcp-<version>.mcpb  the MCP bundle (validated)
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const app = join(root, 'apps/mcp-local');
const dist = join(app, 'dist');
const { version, license, description } = JSON.parse(readFileSync(join(app, 'package.json'), 'utf8'));
const NAME = 'quantconnect-mcp';
const BIN = 'quantconnect-mcp.js';

const pkg = join(dist, 'package');
rmSync(pkg, { recursive: true, force: true });
mkdirSync(pkg, { recursive: true });
for (const file of [BIN, `${BIN}.map`]) copyFileSync(join(dist, file), join(pkg, file));
copyFileSync(join(app, 'package/README.md'), join(pkg, 'README.md'));
writeFileSync(
  join(pkg, 'package.json'),
  `${JSON.stringify(
    {
      name: NAME,
      version,
      description,
      license,
      type: 'module',
      bin: { [NAME]: BIN },
      files: [BIN, `${BIN}.map`, 'README.md'],
      engines: { node: '>=20.19' },
      keywords: ['mcp', 'model-context-protocol', 'quantconnect', 'lean', 'backtesting', 'trading'],
    },
    null,
    2,
  )}\n`,
);
const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', dist], { cwd: pkg, encoding: 'utf8' }))[0];
console.log(`npm package: ${join(dist, packed.filename)} (${packed.size} bytes, ${packed.files.length} files)`);

// The package exports no path to its CLI; resolve its entry and step to the CLI beside it.
const require = createRequire(import.meta.url);
const mcpb = join(dirname(require.resolve('@anthropic-ai/mcpb')), 'cli/cli.js');
const bundle = join(dist, 'mcpb');
rmSync(bundle, { recursive: true, force: true });
mkdirSync(join(bundle, 'server'), { recursive: true });
copyFileSync(join(dist, BIN), join(bundle, 'server', BIN));
const manifest = JSON.parse(readFileSync(join(app, 'package/manifest.json'), 'utf8'));
writeFileSync(join(bundle, 'manifest.json'), `${JSON.stringify({ ...manifest, version }, null, 2)}\n`);
execFileSync(process.execPath, [mcpb, 'validate', join(bundle, 'manifest.json')], { stdio: 'inherit' });
const output = join(dist, `${NAME}-${version}.mcpb`);
execFileSync(process.execPath, [mcpb, 'pack', bundle, output], { stdio: ['ignore', 'ignore', 'inherit'] });
console.log(`MCP bundle: ${output}`);
