// Smoke test with the MCP Inspector CLI: tools/list over stdio and over HTTP against the built bin.
//   node tools/scripts/inspector-smoke.mjs apps/mcp-local/dist/quantconnect-mcp.js
import { execFile } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startHttpBin } from './http-bin.mjs';

const run = promisify(execFile);
// The Inspector needs Node 22 (its engines say so); the server under test runs on this Node.
const { stdout: node22 } = await run(process.execPath, [fileURLToPath(new URL('./node22.mjs', import.meta.url))]);
const inspectorNode = node22.trim();
const require = createRequire(import.meta.url);
const inspector = join(dirname(require.resolve('@modelcontextprotocol/inspector/package.json')), 'clients/launcher/build/index.js');
const bin = process.argv[2] ?? 'apps/mcp-local/dist/quantconnect-mcp.js';
/** Every tool of the committed surface (hand-written ones included). */
const EXPECTED = JSON.parse(readFileSync(new URL('../../openapi/mcp-surface.json', import.meta.url), 'utf8')).tools.length;

async function listTools(label, args) {
  const { stdout } = await run(inspectorNode, [inspector, '--cli', ...args, '--method', 'tools/list'], { timeout: 60_000, maxBuffer: 16 * 1024 * 1024 });
  const count = JSON.parse(stdout).tools.length;
  if (count !== EXPECTED) throw new Error(`${label}: the Inspector saw ${count} tools, expected ${EXPECTED}`);
  console.log(`inspector ${label}: tools/list returned ${count} tools`);
}

await listTools('stdio', [process.execPath, bin]);

const server = await startHttpBin({ bin });
try {
  await listTools('http', [server.url, '--transport', 'http']);
} finally {
  server.stop();
}
