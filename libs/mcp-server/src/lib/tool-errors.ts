import {
  MissingCredentialsError,
  QuantConnectApiError,
  QuantConnectCancelledError,
  QuantConnectError,
  QuantConnectHttpError,
  QuantConnectLocalError,
  QuantConnectNetworkError,
  QuantConnectResponseTooLargeError,
  QuantConnectTimeoutError,
  QuantConnectUnreadableResponseError,
} from '@qc-mcp/api-client';
import { ToolArgumentError, type ToolDefinition } from '@qc-mcp/mcp-tools';
import type { ZodError } from 'zod';

const CREDENTIALS_HELP =
  'Check QUANTCONNECT_USER_ID and QUANTCONNECT_API_TOKEN (your user id and API token from https://www.quantconnect.com/settings) ' +
  "and that this machine's clock is right: each request is signed with the current time.";

/** Limits that QuantConnect enforces on reading windows, told to the caller when a read fails. */
const WINDOW_HINTS: Readonly<Record<string, string>> = {
  read_backtest_orders: 'Read orders in windows with end - start < 100.',
  read_backtest_insights: 'Read insights in windows with end - start < 100.',
  read_live_insights: 'Read insights in windows with end - start < 100.',
  read_live_orders: 'Read orders in windows of at most 1,000 (end - start <= 1000).',
  read_live_logs: 'Read at most 250 log lines per call (endLine - startLine <= 250).',
  read_project: 'Read projects in windows with start and end, or give a projectId.',
};

/** Turns a Zod failure into a message that names each bad field and says what it needs. */
/** At most this many problems, and this many unknown names, are listed: a flood of bad input gets a short answer. */
const MAX_LISTED = 10;
const clip = (text: string, length = 80) => (text.length > length ? `${text.slice(0, length - 3)}...` : text);

export function describeInvalidArguments(tool: string, error: ZodError, given: Readonly<Record<string, unknown>> = {}): string {
  // Problems with what the caller sent come before the fields it left out.
  const sent = (issue: ZodError['issues'][number]) => (issue.path.length > 0 && String(issue.path[0]) in given) || issue.code === 'unrecognized_keys';
  const issues = [...error.issues.filter(sent), ...error.issues.filter((issue) => !sent(issue))];
  const lines = issues.slice(0, MAX_LISTED).map((issue) => {
    if (issue.code === 'unrecognized_keys') {
      const shown = issue.keys.slice(0, MAX_LISTED).map((key) => `'${clip(key, 40)}'`);
      const more = issue.keys.length > MAX_LISTED ? ` and ${issue.keys.length - MAX_LISTED} more` : '';
      return `- unknown field${issue.keys.length > 1 ? 's' : ''} ${shown.join(', ')}${more}: remove ${issue.keys.length > 1 ? 'them' : 'it'}`;
    }
    const field = issue.path.length ? clip(issue.path.join('.')) : '(arguments)';
    return `- ${field}: ${clip(issue.message, 200)}`;
  });
  const more = error.issues.length > MAX_LISTED ? `\n- and ${error.issues.length - MAX_LISTED} more problems` : '';
  return `Invalid arguments for ${tool}:\n${lines.join('\n')}${more}\nFix these fields (see the tool's input schema) and call again.`;
}

/** A URL fit to show: no user name or password, no query. */
export function safeUrl(url: string): string {
  try {
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return '(an invalid URL)';
  }
}

/** The one place where any failure becomes the text of an isError result. */
export function describeToolError(error: unknown, tool: ToolDefinition, context: { baseUrl: string; timeoutMs: number }): string {
  const name = tool.name;
  // A write whose request may have reached QuantConnect may have taken effect, whatever the answer said.
  const check = tool.verify ? `check with ${tool.verify}` : 'check';
  const retryNote = tool.annotations.readOnlyHint ? '' : ` It may still have taken effect on QuantConnect: ${check} before calling again.`;
  if (error instanceof MissingCredentialsError && error.problem) {
    return `${name} could not run: the QuantConnect credentials could not be loaded (${error.problem}). Nothing was sent. This is a deployment problem: tell whoever runs this server.`;
  }
  if (error instanceof MissingCredentialsError) {
    return `${name} needs QuantConnect credentials, which are not configured: set ${error.missing.join(' and ')} and restart the server.`;
  }
  if (error instanceof QuantConnectApiError) {
    if (error.isAuthFailure) return `QuantConnect rejected the credentials (${error.message}). ${CREDENTIALS_HELP}`;
    const hint = WINDOW_HINTS[name] ? ` ${WINDOW_HINTS[name]}` : '';
    return `QuantConnect could not complete ${name}: ${error.message}.${hint}`;
  }
  if (error instanceof QuantConnectHttpError) {
    const detail = error.errors.length ? ` (${error.errors.join('; ')})` : '';
    if (error.isAuthFailure) return `QuantConnect rejected the credentials (HTTP ${error.status}${detail}). ${CREDENTIALS_HELP}`;
    if (error.status === 429) {
      const wait = error.retryAfterSeconds !== undefined ? `${Math.ceil(error.retryAfterSeconds)} s` : 'a minute';
      return `QuantConnect is limiting the request rate (HTTP 429) for ${name}. Wait ${wait} and try again.${retryNote}`;
    }
    if (error.status === 500) {
      return `QuantConnect answered HTTP 500 for ${name}${detail}. This can be a temporary fault, or invalid credentials: ${CREDENTIALS_HELP}${retryNote}`;
    }
    if (error.status >= 500) return `QuantConnect is unavailable right now (HTTP ${error.status}) for ${name}${detail}. Try again in a minute.${retryNote}`;
    return `QuantConnect refused ${name} (HTTP ${error.status})${detail}. Check the arguments.`;
  }
  if (error instanceof QuantConnectTimeoutError) {
    const limit = context.timeoutMs >= 1_000 ? `${Math.round(context.timeoutMs / 1_000)} s` : `${context.timeoutMs} ms`;
    return `QuantConnect did not answer ${name} within ${limit}.${retryNote || ' Try again.'}`;
  }
  if (error instanceof QuantConnectNetworkError) {
    const effect = error.mayHaveReachedQuantConnect ? retryNote : ' Nothing was sent.';
    return `Could not reach QuantConnect at ${safeUrl(context.baseUrl)} for ${name} (${error.detail}). Check the network connection and QUANTCONNECT_API_BASE_URL.${effect}`;
  }
  if (error instanceof QuantConnectUnreadableResponseError) {
    return `QuantConnect answered ${name} with a body that is not JSON (HTTP ${error.status}, ${error.contentType || 'no content type'}): ${error.snippet}. Try again later.${retryNote}`;
  }
  if (error instanceof QuantConnectCancelledError) return `${name} was cancelled before QuantConnect answered.${retryNote}`;
  // QuantConnect answered, so the request reached it: a write may have been done, however large the answer.
  if (error instanceof QuantConnectResponseTooLargeError) return `${name} failed: ${error.message}${retryNote}`;
  if (error instanceof QuantConnectLocalError) return `${name} failed: ${error.message}`;
  if (error instanceof QuantConnectError) return `${name} failed: ${error.message}`;
  if (error instanceof ToolArgumentError) return `${error.message} Fix the argument and call again.`;
  return `${name} failed: ${error instanceof Error ? error.message : String(error)}`;
}
