import { authHeaders, createClient } from '@qc-mcp/api-client';
import { FIXED_NOW_MS, TEST_API_TOKEN, TEST_USER_ID } from '@qc-mcp/api-client/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import { ElicitRequestSchema, type ElicitResult } from '@modelcontextprotocol/sdk/types.js';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, qcApi, QC_BASE, textOf } from '../testing/harness.js';
import { describeLiveAction } from './confirm.js';
import { ConfigError, loadConfig, parseLiveTrading } from './config.js';
import { createServer, type CreateServerOptions } from './server.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** Every form the test credentials take on the wire at the fixed clock, computed here, not by the code under test. */
function credentialForms(): string[] {
  const { Authorization } = authHeaders(TEST_USER_ID, TEST_API_TOKEN, FIXED_NOW_MS / 1000);
  const encoded = (Authorization as string).slice('Basic '.length);
  const decoded = Buffer.from(encoded, 'base64').toString('utf8');
  return [TEST_API_TOKEN, Authorization as string, encoded, decoded, decoded.slice(decoded.indexOf(':') + 1)];
}

describe('secrets never leave, in any form', () => {
  it('an upstream body that echoes the request headers is redacted in text and structuredContent, at any depth', async () => {
    qcApi()
      .post('/api/v2/projects/read')
      .reply(200, function reply() {
        const headers = this.req.headers as Record<string, string>;
        const hash = Buffer.from(headers.authorization!.slice(6), 'base64').toString().split(':')[1];
        return { success: true, echo: { headers, deep: [{ basic: headers.authorization, raw: headers.authorization!.slice(6), hash, token: TEST_API_TOKEN }] } };
      });
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_project', arguments: { projectId: 1 } });
    const everything = JSON.stringify(result);
    for (const form of credentialForms()) expect(everything).not.toContain(form);
    expect(everything).toContain('[redacted]');
    // What is not a secret survives.
    expect((result.structuredContent as { echo: { headers: { timestamp: string } } }).echo.headers.timestamp).toBe(String(FIXED_NOW_MS / 1000));
    await close();
  });

  it('an error body that echoes them is redacted too', async () => {
    qcApi()
      .post('/api/v2/projects/read')
      .times(3)
      .reply(502, function reply() {
        return { errors: [`bad gateway for ${(this.req.headers as Record<string, string>).authorization}`] };
      });
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_project', arguments: { projectId: 1 } });
    expect(result.isError).toBe(true);
    for (const form of credentialForms()) expect(JSON.stringify(result)).not.toContain(form);
    await close();
  });
});

describe('live trading is a decision (MCP_LIVE_TRADING)', () => {
  const LIVE_WRITES = ['broadcast_live_command', 'create_live_algorithm', 'create_live_command', 'liquidate_live_algorithm', 'stop_live_algorithm'];

  /** A real SDK client that supports elicitation and answers with `answer`, recording each question. */
  async function withElicitation(options: CreateServerOptions, answer: ElicitResult) {
    const questions: string[] = [];
    const qc = createClient({ userId: TEST_USER_ID, apiToken: TEST_API_TOKEN, baseUrl: QC_BASE, now: () => FIXED_NOW_MS });
    const real = createServer({ baseUrl: QC_BASE, apiToken: TEST_API_TOKEN, ...options, client: qc });
    const mcp = new Client({ name: 'asks', version: '1' }, { capabilities: { elicitation: { form: {} } } });
    mcp.setRequestHandler(ElicitRequestSchema, async (request) => {
      questions.push((request.params as { message: string }).message);
      return answer;
    });
    const [a, b] = InMemoryTransport.createLinkedPair();
    await Promise.all([real.connect(b), mcp.connect(a)]);
    return { mcp, questions, close: () => mcp.close() };
  }

  it('off: the live writes are not listed and cannot be called', async () => {
    const { mcp, close } = await connect({ liveTrading: 'off' });
    const names = (await mcp.listTools()).tools.map((tool) => tool.name);
    for (const name of LIVE_WRITES) expect(names).not.toContain(name);
    expect(names).toContain('read_live_algorithm');
    await expect(mcp.callTool({ name: 'liquidate_live_algorithm', arguments: { projectId: 1 } })).rejects.toThrow(/Unknown tool 'liquidate_live_algorithm'/);
    await close();
  });

  it('confirm, and the user declines: nothing is sent, and the result says so', async () => {
    const scope = qcApi().post('/api/v2/live/update/liquidate').reply(200, { success: true });
    const { mcp, questions, close } = await withElicitation({ liveTrading: 'confirm' }, { action: 'decline' });
    const result = await mcp.callTool({ name: 'liquidate_live_algorithm', arguments: { projectId: 42 } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      'Nothing was sent: the user declined Liquidate live algorithm (liquidate_live_algorithm): projectId 42. Do not retry unless the user asks for it again.',
    );
    expect(questions).toEqual([
      'Confirm a live-trading action on QuantConnect. It can place or cancel real orders with real money.\nLiquidate live algorithm (liquidate_live_algorithm): projectId 42',
    ]);
    expect(scope.isDone()).toBe(false);
    await close();
  });

  it('confirm, and the user confirms: sent once', async () => {
    const scope = qcApi().post('/api/v2/live/update/stop', { projectId: 42 }).once().reply(200, { success: true });
    const { mcp, close } = await withElicitation({ liveTrading: 'confirm' }, { action: 'accept', content: { confirm: true } });
    const result = await mcp.callTool({ name: 'stop_live_algorithm', arguments: { projectId: 42 } });
    expect(result.isError).toBeFalsy();
    expect(scope.isDone()).toBe(true);
    await close();
  });

  it('confirm, accepted but not ticked, or cancelled: nothing is sent', async () => {
    const scope = qcApi().post('/api/v2/live/update/stop').reply(200, { success: true });
    for (const answer of [{ action: 'accept', content: { confirm: false } }, { action: 'cancel' }] as ElicitResult[]) {
      const { mcp, close } = await withElicitation({ liveTrading: 'confirm' }, answer);
      const result = await mcp.callTool({ name: 'stop_live_algorithm', arguments: { projectId: 42 } });
      expect(textOf(result)).toMatch(/^Nothing was sent: the user (did not confirm|cancelled) Stop live algorithm/);
      await close();
    }
    expect(scope.isDone()).toBe(false);
  });

  it('on: sent without asking', async () => {
    const scope = qcApi().post('/api/v2/live/update/stop').once().reply(200, { success: true });
    const { mcp, questions, close } = await withElicitation({ liveTrading: 'on' }, { action: 'decline' });
    expect((await mcp.callTool({ name: 'stop_live_algorithm', arguments: { projectId: 42 } })).isError).toBeFalsy();
    expect(questions).toEqual([]);
    expect(scope.isDone()).toBe(true);
    await close();
  });

  it('confirm, over a transport that cannot ask: falls back to the client, which sees the destructive hint', async () => {
    const scope = qcApi().post('/api/v2/live/update/stop').once().reply(200, { success: true });
    const { mcp, questions, close } = await withElicitation({ liveTrading: 'confirm', canAskUser: false }, { action: 'decline' });
    const tool = (await mcp.listTools()).tools.find((candidate) => candidate.name === 'stop_live_algorithm');
    expect(tool?.annotations?.destructiveHint).toBe(true);
    expect((await mcp.callTool({ name: 'stop_live_algorithm', arguments: { projectId: 42 } })).isError).toBeFalsy();
    expect(questions).toEqual([]);
    expect(scope.isDone()).toBe(true);
    await close();
  });

  it('the confirmation names the action, never a credential', () => {
    expect(
      describeLiveAction({
        projectId: 7,
        compileId: 'c-1',
        nodeId: 'LN-1',
        brokerage: { id: 'InteractiveBrokersBrokerage', 'ib-password': 'hunter2', 'ib-user-name': 'me' },
        dataProviders: { QuantConnectBrokerage: { id: 'QuantConnectBrokerage' } },
        apiKey: 'k',
      }),
    ).toBe('projectId 7, compileId "c-1", nodeId "LN-1", brokerage InteractiveBrokersBrokerage, dataProviders QuantConnectBrokerage');
  });

  it('reads the mode: confirm by default locally, off where the caller says so, anything else refused', () => {
    expect(loadConfig({}).liveTrading).toBe('confirm');
    expect(loadConfig({}, {}, '0', { liveTrading: 'off' }).liveTrading).toBe('off');
    expect(loadConfig({ MCP_LIVE_TRADING: 'ON' }).liveTrading).toBe('on');
    expect(loadConfig({ MCP_LIVE_TRADING: 'on' }, { liveTrading: 'off' }).liveTrading).toBe('off');
    expect(() => parseLiveTrading('yes', 'off')).toThrow(new ConfigError('MCP_LIVE_TRADING must be off, confirm or on, got "yes".'));
  });

  it('refuses a base URL that is not https (or loopback http), or that carries credentials', () => {
    expect(() => loadConfig({ QUANTCONNECT_API_BASE_URL: 'http://qc.example/api/v2' })).toThrow(ConfigError);
    expect(() => loadConfig({ QUANTCONNECT_API_BASE_URL: 'https://me:pw@qc.example/api/v2' })).toThrow(/must not contain a user name or password/);
    expect(loadConfig({ QUANTCONNECT_API_BASE_URL: 'http://127.0.0.1:9/api/v2' }).baseUrl).toBe('http://127.0.0.1:9/api/v2');
  });
});
