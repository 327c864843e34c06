import { authHeaders } from '@qc-mcp/api-client';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, qcApi, textOf } from '../testing/harness.js';
import { ConfigError, loadConfig, parseToolsets } from './config.js';
import { createServer } from './server.js';

const workspace = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));
const promised = JSON.parse(readFileSync(workspace('generators/fixtures/quantconnect-tools.json'), 'utf8')) as {
  tools: { name: string; toolset: string; readOnlyHint: boolean; destructiveHint: boolean; idempotentHint: boolean; openWorldHint: boolean }[];
};
const surface = JSON.parse(readFileSync(workspace('openapi/mcp-surface.json'), 'utf8')) as {
  tools: { name: string; input: Record<string, { required: boolean }> }[];
};

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

describe('tools/list', () => {
  it('costs at most 40,000 bytes for every tool and 16,000 for the core preset', async () => {
    const bytes = async (toolsets?: string[]) => {
      const { mcp, close } = await connect({ toolsets });
      const listing = await mcp.listTools();
      await close();
      return { count: listing.tools.length, bytes: Buffer.byteLength(JSON.stringify({ tools: listing.tools }), 'utf8') };
    };
    const all = await bytes();
    const core = await bytes(['core']);
    expect(all.bytes).toBeLessThanOrEqual(40_000);
    expect(core.bytes).toBeLessThanOrEqual(16_000);
    expect(core.count).toBe(14);
  });

  it('the core preset offers the write, compile, backtest, read loop and nothing that trades', async () => {
    const { mcp, close } = await connect({ toolsets: ['core'] });
    const names = (await mcp.listTools()).tools.map((tool) => tool.name).sort();
    expect(names).toEqual(
      [
        'create_backtest', 'create_compile', 'create_file', 'create_project', 'list_backtests', 'list_projects', 'patch_file',
        'read_backtest', 'read_backtest_orders', 'read_compile', 'read_file', 'read_project', 'run_backtest', 'update_file_contents',
      ].sort(),
    );
    await close();
  });

  it('a preset combines with toolsets', async () => {
    const { mcp, close } = await connect({ toolsets: ['core', 'meta'] });
    const names = (await mcp.listTools()).tools.map((tool) => tool.name);
    expect(names).toContain('read_lean_versions');
    expect(names).toContain('run_backtest');
    expect(names).not.toContain('read_account');
    await close();
  });

  it('lists every tool of the surface plus the local ones, with the promised names, toolsets and hints', async () => {
    const { mcp, close } = await connect();
    const { tools } = await mcp.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(surface.tools.map((tool) => tool.name).sort());
    const byName = new Map(tools.map((tool) => [tool.name, tool]));
    for (const want of promised.tools) {
      const tool = byName.get(want.name);
      expect(tool, want.name).toBeDefined();
      expect(tool?.annotations, want.name).toMatchObject({
        readOnlyHint: want.readOnlyHint,
        destructiveHint: want.destructiveHint,
        idempotentHint: want.idempotentHint,
        openWorldHint: want.openWorldHint,
      });
      // No output schema: a lenient one says nothing a client could check (each tool's description says what comes back).
      expect(tool?.outputSchema, want.name).toBeUndefined();
    }
    await close();
  });

  it("requires exactly the fields the patched spec requires", async () => {
    const { mcp, close } = await connect();
    const { tools } = await mcp.listTools();
    const custom = new Set(['upload_object', 'authorize_connection']);
    for (const entry of surface.tools.filter((tool) => !custom.has(tool.name))) {
      const listed = tools.find((tool) => tool.name === entry.name);
      const required = Object.entries(entry.input).filter(([, field]) => field.required).map(([name]) => name).sort();
      expect([...(listed?.inputSchema.required ?? [])].sort(), entry.name).toEqual(required);
    }
    await close();
  });

  it('offers only the selected toolsets', async () => {
    const { mcp, close } = await connect({ toolsets: ['files', 'compile'] });
    const { tools } = await mcp.listTools();
    expect(tools.map((tool) => tool.name).sort()).toEqual(
      ['create_compile', 'create_file', 'delete_file', 'patch_file', 'read_compile', 'read_file', 'update_file_contents', 'update_file_name'].sort(),
    );
    await close();
  });

  it('offers only read-only tools in read-only mode, and refuses to call the others', async () => {
    const { mcp, close } = await connect({ readOnly: true });
    const { tools } = await mcp.listTools();
    expect(tools.length).toBe(promised.tools.filter((tool) => tool.readOnlyHint).length);
    expect(tools.every((tool) => tool.annotations?.readOnlyHint === true)).toBe(true);
    await expect(mcp.callTool({ name: 'delete_project', arguments: { projectId: 1 } })).rejects.toThrow(/Unknown tool 'delete_project'/);
    await close();
  });
});

describe('configuration', () => {
  it('rejects an unknown toolset at start-up, listing the valid ones', () => {
    expect(() => parseToolsets('files,trading')).toThrow(ConfigError);
    expect(() => parseToolsets('files,trading')).toThrow(/Unknown toolset: trading\. Valid toolsets: account, projects, files, .*object-store, meta, ai/);
  });

  it('reads the environment, with flags winning', () => {
    const config = loadConfig(
      { QUANTCONNECT_USER_ID: ' 42 ', QUANTCONNECT_API_TOKEN: 't', MCP_TOOLSETS: 'ai', MCP_READ_ONLY: 'true', AGENT_NAME: 'Claude' },
      { toolsets: 'files,live' },
    );
    expect(config).toMatchObject({ userId: '42', toolsets: ['files', 'live'], readOnly: true, agentName: 'Claude' });
    expect(loadConfig({}).agentName).toBe('QuantConnect MCP Server');
    expect(() => loadConfig({ MCP_READ_ONLY: 'maybe' })).toThrow('MCP_READ_ONLY must be true or false, got "maybe".');
  });
});

describe('calls', () => {
  it('maps a QuantConnect answer to structuredContent plus the same data as compact JSON text', async () => {
    const answer = { projects: [{ projectId: 7, name: 'Alpha', modified: '2025-11-10 13:00:06', parameters: [] }], success: true };
    qcApi().post('/api/v2/projects/read', { projectId: 7 }).reply(200, answer);
    const { mcp, logs, close } = await connect();
    const result = await mcp.callTool({ name: 'read_project', arguments: { projectId: 7 } });
    expect(result.isError).toBeFalsy();
    expect(result.structuredContent).toEqual(answer);
    expect(textOf(result)).toBe(JSON.stringify(answer));
    expect(logs).toEqual([{ tool: 'read_project', outcome: 'ok', durationMs: expect.any(Number) }]);
    await close();
  });

  it('treats null optional arguments as not given', async () => {
    qcApi().post('/api/v2/files/read', { projectId: 7, codeSourceId: 'QuantConnect MCP Server' }).reply(200, { files: [], success: true });
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_file', arguments: { projectId: 7, name: null } });
    expect(result.isError).toBeFalsy();
    await close();
  });

  it('answers a bad argument with an isError result naming the field', async () => {
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_backtest_orders', arguments: { projectId: 'seven', backtestId: 'b', start: 0, extra: 1 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toMatch(/Invalid arguments for read_backtest_orders:/);
    expect(textOf(result)).toMatch(/- projectId: .*number/);
    expect(textOf(result)).toMatch(/- end: /);
    expect(textOf(result)).toMatch(/unknown field 'extra'/);
    await close();
  });
});

describe('servers built from configuration', () => {
  it('sign with the configured credentials at the current time, per request server after per request server', async () => {
    const signed = (headers: Record<string, string | string[] | undefined>) =>
      headers.authorization === authHeaders('99', 'cfg-token-123', Number(headers.timestamp)).Authorization &&
      Math.abs(Number(headers.timestamp) - Date.now() / 1000) < 5;
    const scope = nock('https://cfg.test')
      .post('/api/v2/account/read')
      .times(2)
      .reply(function () {
        return signed(this.req.headers) ? [200, { organizationId: 'o' }] : [200, { success: false, errors: ["Hash doesn't match."] }];
      });
    for (let i = 0; i < 2; i += 1) {
      const server = createServer({ userId: '99', apiToken: 'cfg-token-123', baseUrl: 'https://cfg.test/api/v2', version: '1' });
      const [a, b] = InMemoryTransport.createLinkedPair();
      const client = new Client({ name: 'cfg', version: '1' });
      await Promise.all([server.connect(b), client.connect(a)]);
      const result = await client.callTool({ name: 'read_account', arguments: {} });
      expect(result.structuredContent).toEqual({ organizationId: 'o' });
      await client.close();
    }
    expect(scope.isDone()).toBe(true);
  });
});
