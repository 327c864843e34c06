import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startFakeQuantConnect, TEST_API_TOKEN, TEST_USER_ID } from '@qc-mcp/api-client/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * What a user gets: the npm package installed from its tarball into an empty prefix with no
 * network, and the MCP bundle unpacked, each run on Node 20 (the suite's) and Node 22 (Lambda's).
 */
const root = fileURLToPath(new URL('../../../', import.meta.url));
const dist = join(root, 'apps/mcp-local/dist');
const { version } = JSON.parse(readFileSync(join(root, 'apps/mcp-local/package.json'), 'utf8')) as { version: string };
const surface = JSON.parse(readFileSync(join(root, 'openapi/mcp-surface.json'), 'utf8')) as { tools: unknown[] };
const NODE22 = execFileSync(process.execPath, [join(root, 'tools/scripts/node22.mjs')], { encoding: 'utf8' }).trim();
const RUNTIMES = [
  ['Node 20', process.execPath],
  ['Node 22', NODE22],
] as const;
const PROJECT = { projects: [{ projectId: 7, name: 'Alpha' }], success: true };

let prefix: string;
let unpacked: string;
let fake: Awaited<ReturnType<typeof startFakeQuantConnect>>;

beforeAll(async () => {
  fake = await startFakeQuantConnect({ '/projects/read': PROJECT });
  prefix = mkdtempSync(join(tmpdir(), 'qc-mcp-install-'));
  // Offline: an unreachable registry, so the install can only succeed without dependencies.
  execFileSync('npm', ['install', '--prefix', prefix, '--offline', '--no-audit', '--no-fund', join(dist, `quantconnect-mcp-${version}.tgz`)], {
    env: { ...process.env, npm_config_registry: 'http://127.0.0.1:9/' },
    stdio: 'pipe',
  });
  unpacked = mkdtempSync(join(tmpdir(), 'qc-mcp-mcpb-'));
  execFileSync(process.execPath, [join(root, 'node_modules/@anthropic-ai/mcpb/dist/cli/cli.js'), 'unpack', join(dist, `quantconnect-mcp-${version}.mcpb`), unpacked], { stdio: 'pipe' });
}, 120_000);

afterAll(async () => {
  await fake.close();
  for (const dir of [prefix, unpacked]) if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An MCP session over stdio: list the tools, call one against the loopback QuantConnect, ask the version. */
async function session(command: string, args: string[], env: Record<string, string>) {
  const client = new Client({ name: 'package-test', version: '1' });
  await client.connect(new StdioClientTransport({ command, args, env: { PATH: process.env.PATH ?? '', ...env }, stderr: 'pipe' }));
  const { tools } = await client.listTools();
  const call = await client.callTool({ name: 'read_project', arguments: { projectId: 7 } });
  const own = await client.callTool({ name: 'read_mcp_server_version', arguments: {} });
  await client.close();
  return { tools, call, own };
}

const credentials = () => ({ QUANTCONNECT_USER_ID: TEST_USER_ID, QUANTCONNECT_API_TOKEN: TEST_API_TOKEN, QUANTCONNECT_API_BASE_URL: fake.baseUrl });

describe('the npm package quantconnect-mcp', () => {
  it('installs from its tarball with no dependencies and no network', () => {
    const installed = JSON.parse(readFileSync(join(prefix, 'node_modules/quantconnect-mcp/package.json'), 'utf8'));
    expect(installed).toMatchObject({ name: 'quantconnect-mcp', version, bin: { 'quantconnect-mcp': 'quantconnect-mcp.js' }, engines: { node: '>=20.19' } });
    expect(installed.dependencies).toBeUndefined();
  });

  it('npx quantconnect-mcp --list-tools prints every tool', () => {
    const out = execFileSync('npx', ['--no-install', 'quantconnect-mcp', '--list-tools'], { cwd: prefix, encoding: 'utf8' });
    expect(out.trim().split('\n')).toHaveLength(surface.tools.length);
  });

  it.each(RUNTIMES)('an MCP session over stdio works on %s', async (_label, node) => {
    const bin = join(prefix, 'node_modules/quantconnect-mcp/quantconnect-mcp.js');
    const { tools, call, own } = await session(node, [bin], credentials());
    expect(tools).toHaveLength(surface.tools.length);
    expect(call.structuredContent).toEqual(PROJECT);
    expect(own.structuredContent).toEqual({ name: 'quantconnect-mcp', version });
  });
});

describe('the MCP bundle', () => {
  const manifest = () =>
    JSON.parse(readFileSync(join(unpacked, 'manifest.json'), 'utf8')) as {
      version: string;
      server: { entry_point: string; mcp_config: { command: string; args: string[]; env: Record<string, string> } };
      user_config: Record<string, { sensitive?: boolean; required?: boolean }>;
    };

  it('asks for the user id, the token (as a secret), toolsets, read-only and the live-trading switch', () => {
    const { user_config: config, version: bundled } = manifest();
    expect(bundled).toBe(version);
    expect(Object.keys(config).sort()).toEqual(['api_token', 'live_trading', 'read_only', 'toolsets', 'user_id']);
    expect(config.api_token).toMatchObject({ sensitive: true, required: true });
    expect(config.user_id).toMatchObject({ required: true });
  });

  it.each(RUNTIMES)('runs from the unpacked bundle as its manifest says, on %s', async (_label, node) => {
    const { server } = manifest();
    const values: Record<string, string> = { user_id: TEST_USER_ID, api_token: TEST_API_TOKEN, toolsets: 'all', read_only: 'false', live_trading: 'confirm' };
    const fill = (text: string) => text.replace('${__dirname}', unpacked).replace(/\$\{user_config\.(\w+)\}/g, (_match, key: string) => values[key] ?? '');
    const env = Object.fromEntries(Object.entries(server.mcp_config.env).map(([name, value]) => [name, fill(value)]));
    expect(server.mcp_config.command).toBe('node');
    const { tools, call } = await session(node, server.mcp_config.args.map(fill), { ...env, QUANTCONNECT_API_BASE_URL: fake.baseUrl });
    expect(tools).toHaveLength(surface.tools.length);
    expect(call.structuredContent).toEqual(PROJECT);
    expect(dirname(server.mcp_config.args[0] ?? '')).toBe('${__dirname}/server');
  });
});
