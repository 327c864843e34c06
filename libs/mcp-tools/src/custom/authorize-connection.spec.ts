import { QuantConnectApiError, QuantConnectHttpError } from '@qc-mcp/api-client';
import { describe, expect, it } from 'vitest';
import type { ToolContext, ToolDefinition } from '../lib/tool-definition.js';
import { authorizeConnectionTool } from './authorize-connection.js';

const generated = {
  name: 'authorize_connection',
  description: 'spec text',
  endpoint: { path: '/live/auth0/authorize' },
  inputJsonSchema: { type: 'object', properties: { brokerage: { type: 'string', enum: ['alpaca', 'tradier', 'ib', 'tradestation', 'schwab', 'oanda'] } } },
} as unknown as ToolDefinition;

/** A QuantConnect whose /live/auth0/read answers from a script, one entry per read. */
function fake(reads: (unknown | Error)[], url = 'https://broker.example/oauth') {
  const calls: { path: string; args: unknown; options: unknown }[] = [];
  const redirects: unknown[][] = [];
  const context = {
    timeoutMs: 60_000,
    signal: new AbortController().signal,
    qc: {
      call: async (path: string, args: unknown, options: unknown) => {
        calls.push({ path, args, options });
        const next = reads.length > 1 ? reads.shift() : reads[0];
        if (next instanceof Error) throw next;
        return next;
      },
      redirectLocation: async (...args: unknown[]) => (redirects.push(args), url),
    },
  } as unknown as ToolContext;
  return { context, calls, redirects };
}

const notYet = new QuantConnectApiError(['No authorization found'], 200);
const granted = { authorization: { token: 'secret-brokerage-token' }, success: true };

describe('authorize_connection', () => {
  it('describes itself and adds authorizationUrlOpened to the spec inputs, brokerage required', () => {
    const { definition } = authorizeConnectionTool(generated);
    expect(definition.description).toBe(
      'Authorize a brokerage for live trading. The first call returns a URL for the user to open and approve; then call with authorizationUrlOpened: true, which waits up to 20 s for "authorized".',
    );
    expect(definition.inputJsonSchema).toEqual({
      type: 'object',
      properties: {
        brokerage: { type: 'string', enum: ['alpaca', 'tradier', 'ib', 'tradestation', 'schwab', 'oanda'] },
        authorizationUrlOpened: { type: 'boolean', description: 'True once the user opened the URL.' },
      },
      required: ['brokerage'],
    });
    expect(definition.inputSchema.safeParse({ brokerage: 'nope' }).success).toBe(false);
    expect(definition.inputSchema.safeParse({ brokerage: 'alpaca', extra: 1 }).success).toBe(false);
  });

  it('already authorized: says so, without handing out a URL or the brokerage token', async () => {
    const { context, calls, redirects } = fake([granted]);
    const outcome = await authorizeConnectionTool(generated).handler({ brokerage: 'oanda' }, context);
    expect(outcome).toEqual({ kind: 'data', data: { status: 'authorized', brokerage: 'oanda' } });
    expect(calls).toEqual([{ path: '/live/auth0/read', args: { brokerage: 'oanda' }, options: { retry: true, signal: context.signal } }]);
    expect(redirects).toEqual([]);
  });

  it('the first call hands out the URL; the next polls until authorized; after that a new URL again', async () => {
    const tool = authorizeConnectionTool(generated, { waitMs: 5_000, pollMs: 1 });
    const first = fake([notYet]);
    expect(await tool.handler({ brokerage: 'tradier' }, first.context)).toEqual({
      kind: 'data',
      data: {
        status: 'authorization_required',
        brokerage: 'tradier',
        authorizationUrl: 'https://broker.example/oauth',
        next: 'Ask the user to open authorizationUrl, sign in and approve; then call authorize_connection again with authorizationUrlOpened: true.',
      },
    });
    expect(first.redirects).toEqual([['/live/auth0/authorize', { brokerage: 'tradier' }, { signal: first.context.signal }]]);

    const second = fake([notYet, new QuantConnectHttpError(404, ['not found']), granted]);
    expect(await tool.handler({ brokerage: 'tradier' }, second.context)).toEqual({ kind: 'data', data: { status: 'authorized', brokerage: 'tradier' } });
    expect(second.calls).toHaveLength(3);
    expect(second.redirects).toEqual([]);

    const third = fake([notYet]);
    expect(await tool.handler({ brokerage: 'tradier' }, third.context)).toMatchObject({ data: { status: 'authorization_required' } });
  });

  it('says pending, without an error, when the wait runs out', async () => {
    const { context, calls } = fake([notYet]);
    const outcome = await authorizeConnectionTool(generated, { waitMs: 30, pollMs: 5 }).handler({ brokerage: 'schwab', authorizationUrlOpened: true }, context);
    expect(outcome).toEqual({
      kind: 'pending',
      message: 'The schwab authorization is not complete yet. Once the user has approved it in the browser, call authorize_connection again.',
      data: { status: 'pending', brokerage: 'schwab' },
    });
    expect(calls.length).toBeGreaterThan(2);
  });

  it('the per-call deadline bounds the wait', async () => {
    const { context } = fake([notYet]);
    const bounded = { ...context, timeoutMs: 20 } as ToolContext;
    const started = Date.now();
    await authorizeConnectionTool(generated, { waitMs: 60_000, pollMs: 5 }).handler({ brokerage: 'ib', authorizationUrlOpened: true }, bounded);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a server error or bad credentials is not "not authorized yet": it is raised', async () => {
    const down = fake([new QuantConnectHttpError(503, [])]);
    await expect(authorizeConnectionTool(generated).handler({ brokerage: 'alpaca' }, down.context)).rejects.toThrow('QuantConnect answered HTTP 503');
    const boundary = fake([new QuantConnectHttpError(500, [])]);
    await expect(authorizeConnectionTool(generated).handler({ brokerage: 'alpaca' }, boundary.context)).rejects.toThrow('QuantConnect answered HTTP 500');
    const unauthorized = fake([new QuantConnectHttpError(401, [])]);
    await expect(authorizeConnectionTool(generated).handler({ brokerage: 'alpaca' }, unauthorized.context)).rejects.toThrow('QuantConnect answered HTTP 401');
    const client = fake([new QuantConnectHttpError(499, [])]);
    await expect(authorizeConnectionTool(generated).handler({ brokerage: 'alpaca' }, client.context)).resolves.toMatchObject({ data: { status: 'authorization_required' } });
  });
});
