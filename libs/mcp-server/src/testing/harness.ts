import { authHeaders, createClient } from '@qc-mcp/api-client';
import { FIXED_NOW_MS, TEST_API_TOKEN, TEST_USER_ID } from '@qc-mcp/api-client/testing';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { InMemoryTransport } from '@modelcontextprotocol/sdk/inMemory.js';
import nock from 'nock';
import { createServer, type CreateServerOptions, type ToolCallLog } from '../lib/server.js';

export const QC_ORIGIN = 'https://qc.test';
export const QC_BASE = `${QC_ORIGIN}/api/v2`;
export const AUTH = authHeaders(TEST_USER_ID, TEST_API_TOKEN, FIXED_NOW_MS / 1000);

/** A nock scope that only matches requests signed for the fixed clock with the test credentials. */
export const qcApi = () =>
  nock(QC_ORIGIN)
    .matchHeader('timestamp', AUTH.Timestamp as string)
    .matchHeader('authorization', AUTH.Authorization as string);

/** A real MCP client connected in memory to a real server whose QuantConnect client has a fixed clock. */
export async function connect(options: CreateServerOptions & { credentials?: boolean } = {}) {
  const logs: ToolCallLog[] = [];
  const sleeps: number[] = [];
  const withCredentials = options.credentials ?? true;
  const client =
    options.client ??
    createClient({
      userId: withCredentials ? TEST_USER_ID : undefined,
      apiToken: withCredentials ? TEST_API_TOKEN : undefined,
      baseUrl: QC_BASE,
      now: () => FIXED_NOW_MS,
      random: () => 0.5,
      sleep: async (ms) => void sleeps.push(ms),
      timeoutMs: options.timeoutMs,
    });
  const server = createServer({
    apiToken: withCredentials ? TEST_API_TOKEN : undefined,
    baseUrl: QC_BASE,
    version: '1.2.3',
    ...options,
    client,
    log: (entry) => logs.push(entry),
  });
  const [clientTransport, serverTransport] = InMemoryTransport.createLinkedPair();
  const mcp = new Client({ name: 'test-client', version: '1.0.0' });
  await Promise.all([server.connect(serverTransport), mcp.connect(clientTransport)]);
  return { mcp, server, logs, sleeps, close: () => mcp.close() };
}

/** The text of a tool result's first content block. */
export const textOf = (result: unknown) => ((result as { content?: { text?: string }[] }).content?.[0]?.text ?? '');
