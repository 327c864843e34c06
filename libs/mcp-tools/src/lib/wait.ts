import type { ToolContext, ToolDefinition } from './tool-definition.js';

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const member = (value: unknown, key: string): Record<string, unknown> => (isObject(value) && isObject(value[key]) ? value[key] : {});

/** How to follow one kind of QuantConnect job: which arguments read it, and when it is over. */
interface JobKind {
  /** The poll tool's arguments, from what the first call sent and answered; undefined when no id came back. */
  readonly pollArgs: (sent: Readonly<Record<string, unknown>>, answer: unknown) => Record<string, unknown> | undefined;
  readonly done: (answer: unknown) => boolean;
  /** Progress from 0 to 1, when the job reports it. */
  readonly progress: (answer: unknown) => number | undefined;
  readonly status: (answer: unknown) => string;
}

const fraction = (value: unknown) => {
  const number = Number(value);
  return Number.isFinite(number) ? (number > 1 ? number / 100 : number) : undefined;
};

const FINISHED_OPTIMIZATION = new Set(['completed', 'aborted', 'error', 'failed', 'runtimeerror', 'cancelled']);

export const JOBS: Readonly<Record<string, JobKind>> = {
  compile: {
    pollArgs: (sent, answer) => {
      const compileId = isObject(answer) ? answer.compileId : undefined;
      return typeof compileId === 'string' ? { projectId: sent.projectId, compileId } : undefined;
    },
    done: (answer) => isObject(answer) && typeof answer.state === 'string' && answer.state !== 'InQueue',
    progress: () => undefined,
    status: (answer) => (isObject(answer) ? String(answer.state ?? 'unknown') : 'unknown'),
  },
  backtest: {
    pollArgs: (sent, answer) => {
      const backtest = member(answer, 'backtest');
      const backtestId = backtest.backtestId ?? sent.backtestId;
      return typeof backtestId === 'string' ? { projectId: backtest.projectId ?? sent.projectId, backtestId } : undefined;
    },
    // lean-cli's rule: an error means done; otherwise completed with statistics.
    done: (answer) => {
      const backtest = member(answer, 'backtest');
      const failed = (typeof backtest.error === 'string' && backtest.error !== '') || backtest.hasInitializeError === true || /error/i.test(String(backtest.status ?? ''));
      return failed || backtest.completed === true;
    },
    progress: (answer) => fraction(member(answer, 'backtest').progress),
    status: (answer) => String(member(answer, 'backtest').status ?? 'unknown'),
  },
  optimization: {
    pollArgs: (sent, answer) => {
      const direct = isObject(answer) ? answer.optimizationId : undefined;
      const listed = isObject(answer) && Array.isArray(answer.optimizations) && isObject(answer.optimizations[0]) ? answer.optimizations[0].optimizationId : undefined;
      const id = direct ?? listed ?? member(answer, 'optimization').optimizationId ?? sent.optimizationId;
      return typeof id === 'string' ? { optimizationId: id } : undefined;
    },
    done: (answer) => FINISHED_OPTIMIZATION.has(String(member(answer, 'optimization').status ?? '').toLowerCase().replace(/[^a-z]/g, '')),
    progress: () => undefined,
    status: (answer) => String(member(answer, 'optimization').status ?? 'unknown'),
  },
};

export interface WaitOutcome {
  /** The newest answer: the poll tool's when it was polled, else the first call's. */
  readonly answer: unknown;
  /** Arguments that read the job again (the poll tool's), when known. */
  readonly pollArgs?: Record<string, unknown>;
  readonly done: boolean;
  readonly waitedSeconds: number;
  /** Why the wait stopped early, when a poll failed. */
  readonly pollFailure?: string;
}

/** Seconds to wait: the caller's `waitSeconds`, else the tool's default, within the tool's and the server's bounds. */
export function waitSeconds(definition: Pick<ToolDefinition, 'wait'>, local: Readonly<Record<string, unknown>>, context: Pick<ToolContext, 'maxWaitSeconds'>): number {
  if (!definition.wait) return 0;
  const asked = typeof local.waitSeconds === 'number' ? local.waitSeconds : definition.wait.defaultSeconds;
  return Math.max(0, Math.min(asked, definition.wait.maxSeconds, context.maxWaitSeconds));
}

/**
 * Follows a job after the call that started (or read) it: polls the job's read tool with backoff
 * (1 s, growing to 5 s) until it is over or `seconds` have passed, reporting progress. The first
 * call is never repeated. A failed poll ends the wait with the last answer, not an error: the job
 * itself was started.
 */
export async function waitForJob(
  job: string,
  poll: ToolDefinition,
  sent: Readonly<Record<string, unknown>>,
  first: unknown,
  seconds: number,
  context: ToolContext,
): Promise<WaitOutcome> {
  const kind = JOBS[job];
  if (!kind) throw new Error(`Unknown job kind '${job}'.`);
  const pollArgs = kind.pollArgs(sent, first);
  const started = context.now();
  const waited = () => Math.round((context.now() - started) / 100) / 10;
  if (!pollArgs || !poll.endpoint || kind.done(first) || seconds <= 0) {
    return { answer: first, ...(pollArgs ? { pollArgs } : {}), done: kind.done(first), waitedSeconds: 0 };
  }
  const deadline = started + seconds * 1000;
  let answer = first;
  let delay = 1000;
  const report = () => {
    const progress = kind.progress(answer);
    context.progress(progress ?? waited() / seconds, progress === undefined ? undefined : 1, `${job} ${kind.status(answer)}`);
  };
  report();
  while (context.now() < deadline) {
    await context.sleep(Math.min(delay, Math.max(0, deadline - context.now())), context.signal);
    delay = Math.min(delay * 1.5, 5000);
    const remaining = deadline - context.now();
    if (remaining <= 0) break;
    try {
      answer = await context.qc.call(poll.endpoint.path, pollArgs, { retry: true, signal: context.signal, timeoutMs: Math.max(1000, remaining) });
    } catch (error) {
      if (context.signal.aborted) throw error;
      return { answer, pollArgs, done: kind.done(answer), waitedSeconds: waited(), pollFailure: error instanceof Error ? error.message : String(error) };
    }
    report();
    if (kind.done(answer)) return { answer, pollArgs, done: true, waitedSeconds: waited() };
  }
  return { answer, pollArgs, done: kind.done(answer), waitedSeconds: waited() };
}
