import { views } from '../views/index.js';
import type { PendingRule, ToolContext, ToolDefinition, ToolHandler, ToolOutcome } from './tool-definition.js';
import { JOBS, waitForJob, waitSeconds, type WaitOutcome } from './wait.js';

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

/** The caller's arguments split into those sent to QuantConnect and the server's own (views, waits). */
export function splitArguments(definition: Pick<ToolDefinition, 'localArguments'>, args: Record<string, unknown>) {
  const sent: Record<string, unknown> = {};
  const local: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(args)) (definition.localArguments.includes(key) ? local : sent)[key] = value;
  return { sent, local };
}

/** The request body for a generated tool: the caller's arguments plus the injected configuration; none when the operation takes none. */
export function requestBody(definition: ToolDefinition, args: Record<string, unknown>, context: Pick<ToolContext, 'agentName'>) {
  if (definition.endpoint?.hasBody === false && Object.keys(definition.inject).length === 0) return undefined;
  const body: Record<string, unknown> = { ...args };
  for (const [field, source] of Object.entries(definition.inject)) {
    if (source === 'agentName') body[field] = context.agentName;
  }
  return body;
}

/** Shapes an answer with the tool's view, if it has one. */
export async function shape(
  definition: ToolDefinition,
  answer: unknown,
  sent: Readonly<Record<string, unknown>>,
  local: Readonly<Record<string, unknown>>,
  context: ToolContext,
): Promise<ToolOutcome> {
  const message = pendingMessage(definition.pending, answer);
  if (message) return { kind: 'pending', message, data: asObject(answer) };
  const view = definition.view ? views[definition.view.name] : undefined;
  if (definition.view && !view) throw new Error(`${definition.name} names view '${definition.view.name}', which does not exist.`);
  return view ? view({ data: asObject(answer), sent, local, options: definition.view!, context, definition }) : { kind: 'data', data: asObject(answer) };
}

/** What a wait adds to a result: whether the job is over and, if not, exactly what to call next. */
export function waitNote(job: string, poll: ToolDefinition, outcome: WaitOutcome): Record<string, unknown> {
  const status = JOBS[job]?.status(outcome.answer) ?? 'unknown';
  const next = outcome.pollArgs ? `call ${poll.name} with ${JSON.stringify(outcome.pollArgs)}` : `call ${poll.name}`;
  return {
    done: outcome.done,
    waitedSeconds: outcome.waitedSeconds,
    status,
    ...(outcome.done ? {} : { next: `The ${job} is still running (${status}): ${next}, or pass waitSeconds to wait longer.` }),
    ...(outcome.pollFailure ? { pollFailure: `Could not check the ${job}'s status (${outcome.pollFailure}); it was started.` } : {}),
  };
}

/**
 * Calls a generated tool: one POST to its endpoint (sent again only where its overlay's retry policy allows);
 * then, for a long job, a bounded wait that polls the job's read tool; then the tool's view.
 */
export function generatedHandler(definition: ToolDefinition, registry: ReadonlyMap<string, ToolDefinition> = new Map()): ToolHandler {
  const endpoint = definition.endpoint;
  if (!endpoint) throw new Error(`${definition.name} has no endpoint; it needs a hand-written handler.`);
  if (definition.view && !views[definition.view.name]) throw new Error(`${definition.name} names view '${definition.view.name}', which does not exist.`);
  const poll = definition.wait ? registry.get(definition.wait.poll) : undefined;
  if (definition.wait && !poll) throw new Error(`${definition.name} waits by polling ${definition.wait.poll}, which is not registered.`);
  const encoding = endpoint.contentType.startsWith('multipart/') ? 'multipart' : 'json';
  return async (args, context): Promise<ToolOutcome> => {
    const { sent, local } = splitArguments(definition, args);
    const answer = await context.qc.call(endpoint.path, requestBody(definition, sent, context), {
      retry: definition.retry,
      signal: context.signal,
      encoding,
    });
    const seconds = waitSeconds(definition, local, context);
    const readsItself = poll?.name === definition.name;
    if (!definition.wait || !poll || (readsItself && seconds === 0)) return shape(definition, answer, sent, local, context);
    const outcome = await waitForJob(definition.wait.job, poll, sent, answer, seconds, context);
    const shaped = await shape(poll, outcome.answer, outcome.pollArgs ?? sent, readsItself ? local : {}, context);
    if (shaped.kind === 'pending') return shaped;
    return { ...shaped, data: { ...shaped.data, wait: waitNote(definition.wait.job, poll, outcome) } };
  };
}
