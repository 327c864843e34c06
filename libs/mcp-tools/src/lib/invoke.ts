import type { PendingRule, ToolContext, ToolDefinition, ToolHandler, ToolOutcome } from './tool-definition.js';

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** An object for structuredContent: QuantConnect answers with objects; anything else is wrapped. */
export const asObject = (value: unknown): Record<string, unknown> => (isObject(value) ? value : { result: value });

/** Whether an answer says "still loading / still generating" rather than giving the data. */
export function pendingMessage(rule: PendingRule | undefined, body: unknown): string | undefined {
  if (!rule || !isObject(body) || !(rule.property in body) || body[rule.property] === null) return undefined;
  if (rule.equals !== undefined && body[rule.property] !== rule.equals) return undefined;
  if (rule.unless !== undefined && body[rule.unless] !== undefined && body[rule.unless] !== null) return undefined;
  const progress = Number(body.progress);
  const percent = Number.isFinite(progress) ? `${Math.round(progress <= 1 ? progress * 100 : progress)}%` : 'not yet';
  return rule.message.replace('{percent}', percent);
}

/** The request body for a generated tool: the caller's arguments plus the injected configuration. */
export function requestBody(definition: ToolDefinition, args: Record<string, unknown>, context: Pick<ToolContext, 'agentName'>) {
  const body: Record<string, unknown> = { ...args };
  for (const [field, source] of Object.entries(definition.inject)) {
    if (source === 'agentName') body[field] = context.agentName;
  }
  return body;
}

/** Calls a generated tool: one POST to its endpoint, retried only when the tool is idempotent. */
export function generatedHandler(definition: ToolDefinition): ToolHandler {
  const endpoint = definition.endpoint;
  if (!endpoint) throw new Error(`${definition.name} has no endpoint; it needs a hand-written handler.`);
  const encoding = endpoint.contentType.startsWith('multipart/') ? 'multipart' : 'json';
  return async (args, context): Promise<ToolOutcome> => {
    const answer = await context.qc.call(endpoint.path, requestBody(definition, args, context), {
      idempotent: definition.annotations.idempotentHint,
      signal: context.signal,
      encoding,
    });
    const message = pendingMessage(definition.pending, answer);
    return message ? { kind: 'pending', message, data: asObject(answer) } : { kind: 'data', data: asObject(answer) };
  };
}
