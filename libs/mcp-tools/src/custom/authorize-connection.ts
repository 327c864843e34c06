import { QuantConnectApiError, QuantConnectHttpError } from '@qc-mcp/api-client';
import * as z from 'zod';
import { lazy, redefine, type Tool, type ToolContext, type ToolDefinition } from '../lib/tool-definition.js';

const READ_PATH = '/live/auth0/read';
/** How long a call waits for the user to finish authorizing before it answers "pending". */
export const AUTHORIZATION_WAIT_MS = 20_000;
const POLL_INTERVAL_MS = 2_000;
/** Authorization URLs handed out by this process, by brokerage (so a later call knows to poll). */
const issued = new Map<string, number>();
const ISSUED_TTL_MS = 15 * 60_000;

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), resolve()), { once: true });
  });

async function readAuthorization(brokerage: string, context: ToolContext): Promise<Record<string, unknown> | undefined> {
  try {
    const answer = (await context.qc.call(READ_PATH, { brokerage }, { retry: true, signal: context.signal })) as Record<string, unknown>;
    return answer.authorization ? answer : undefined;
  } catch (error) {
    // Not authorized yet: QuantConnect answers with a failure body or a client error.
    if (error instanceof QuantConnectApiError || (error instanceof QuantConnectHttpError && error.status < 500 && !error.isAuthFailure)) return undefined;
    throw error;
  }
}

/**
 * authorize_connection works without a browser on the server: the first call returns the
 * brokerage's authorization URL for the user to open; a later call (or one with
 * `authorizationUrlOpened: true`) polls QuantConnect for a bounded time and says authorized or pending.
 */
export function authorizeConnectionTool(generated: ToolDefinition, options: { waitMs?: number; pollMs?: number } = {}): Tool {
  const brokerages = ((generated.inputJsonSchema.properties as Record<string, { enum?: string[] }> | undefined)?.brokerage?.enum ?? []) as [string, ...string[]];
  const input = lazy(() =>
    z.strictObject({
      brokerage: brokerages.length ? z.enum(brokerages) : z.string(),
      authorizationUrlOpened: z.boolean().optional(),
    }),
  );
  const definition = redefine(generated, {
    description:
      'Authorize a brokerage for live trading. The first call returns a URL for the user to open and approve; ' +
      'then call with authorizationUrlOpened: true, which waits up to 20 s for "authorized".',
    get inputSchema() {
      return input();
    },
    inputJsonSchema: {
      type: 'object',
      properties: {
        ...(generated.inputJsonSchema.properties as object),
        authorizationUrlOpened: { type: 'boolean', description: 'True once the user opened the URL.' },
      },
      required: ['brokerage'],
    },
  });
  const authorizePath = generated.endpoint?.path ?? '/live/auth0/authorize';
  const waitMs = options.waitMs ?? AUTHORIZATION_WAIT_MS;
  const pollMs = options.pollMs ?? POLL_INTERVAL_MS;
  return {
    definition,
    handler: async (args, context) => {
      const { brokerage, authorizationUrlOpened } = input().parse(args);
      const authorized = await readAuthorization(brokerage, context);
      if (authorized) {
        issued.delete(brokerage);
        return { kind: 'data', data: { status: 'authorized', brokerage } };
      }
      const issuedAt = issued.get(brokerage);
      const polling = authorizationUrlOpened === true || (issuedAt !== undefined && Date.now() - issuedAt < ISSUED_TTL_MS);
      if (!polling) {
        const authorizationUrl = await context.qc.redirectLocation(authorizePath, { brokerage }, { signal: context.signal });
        issued.set(brokerage, Date.now());
        return {
          kind: 'data',
          data: {
            status: 'authorization_required',
            brokerage,
            authorizationUrl,
            next: 'Ask the user to open authorizationUrl, sign in and approve; then call authorize_connection again with authorizationUrlOpened: true.',
          },
        };
      }
      // The per-call deadline bounds the whole call, polls included.
      const deadline = Date.now() + Math.min(waitMs, context.timeoutMs);
      while (Date.now() < deadline && !context.signal.aborted) {
        await sleep(Math.min(pollMs, Math.max(0, deadline - Date.now())), context.signal);
        if (await readAuthorization(brokerage, context)) {
          issued.delete(brokerage);
          return { kind: 'data', data: { status: 'authorized', brokerage } };
        }
      }
      return {
        kind: 'pending',
        message: `The ${brokerage} authorization is not complete yet. Once the user has approved it in the browser, call authorize_connection again.`,
        data: { status: 'pending', brokerage },
      };
    },
  };
}
