import type { ToolDefinition } from '@qc-mcp/mcp-tools';
import type { Server } from '@modelcontextprotocol/sdk/server/index.js';

/** Argument names whose values are never repeated back, not even to the user confirming. */
const SECRET_NAMES = /password|secret|token|key|credential/i;

/** The arguments of a live action in a line a person can check: ids and names, no credentials. */
export function describeLiveAction(args: Record<string, unknown>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(args)) {
    if (SECRET_NAMES.test(name) || value === undefined) continue;
    if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      parts.push(`${name} ${typeof record.id === 'string' ? record.id : Object.keys(record).filter((key) => !SECRET_NAMES.test(key)).join('+') || '{}'}`);
    } else {
      const text = JSON.stringify(value);
      parts.push(`${name} ${text.length > 80 ? `${text.slice(0, 77)}...` : text}`);
    }
  }
  return parts.join(', ');
}

/**
 * Asks the user, through the client (MCP elicitation), to confirm a live-trading action before it
 * is sent. Returns undefined when confirmed, or the text of the refusal: nothing was sent.
 */
export async function confirmLiveAction(server: Server, definition: ToolDefinition, args: Record<string, unknown>, signal: AbortSignal): Promise<string | undefined> {
  const action = `${definition.title} (${definition.name}): ${describeLiveAction(args) || 'no arguments'}`;
  let answer;
  try {
    answer = await server.elicitInput(
      {
        mode: 'form',
        message: `Confirm a live-trading action on QuantConnect. It can place or cancel real orders with real money.\n${action}`,
        requestedSchema: {
          type: 'object',
          properties: { confirm: { type: 'boolean', title: 'Send it', description: `Send ${definition.name} to QuantConnect now` } },
          required: ['confirm'],
        },
      },
      { signal },
    );
  } catch (error) {
    return `Nothing was sent: asking the user to confirm ${definition.name} failed (${error instanceof Error ? error.message : String(error)}).`;
  }
  if (answer.action === 'accept' && answer.content?.confirm === true) return undefined;
  const how = answer.action === 'accept' ? 'did not confirm' : answer.action === 'decline' ? 'declined' : 'cancelled';
  return `Nothing was sent: the user ${how} ${action}. Do not retry unless the user asks for it again.`;
}
