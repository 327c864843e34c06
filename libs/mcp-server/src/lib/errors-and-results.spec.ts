import {
  MissingCredentialsError,
  QuantConnectApiError,
  QuantConnectCancelledError,
  QuantConnectHttpError,
  QuantConnectLocalError,
  QuantConnectNetworkError,
  QuantConnectRedirectError,
  QuantConnectResponseTooLargeError,
  QuantConnectTimeoutError,
  QuantConnectUnreadableResponseError,
} from '@qc-mcp/api-client';
import { ToolArgumentError, type ToolDefinition } from '@qc-mcp/mcp-tools';
import * as z from 'zod';
import { describe, expect, it } from 'vitest';
import { redactor } from './redact.js';
import { budgetedResult } from './result.js';
import { describeInvalidArguments, describeToolError, safeUrl } from './tool-errors.js';

const tool = (name: string, readOnlyHint: boolean, verify?: string) =>
  ({ name, annotations: { readOnlyHint, destructiveHint: false, idempotentHint: true, openWorldHint: true }, ...(verify ? { verify } : {}) }) as unknown as ToolDefinition;
const READ = tool('read_project', true);
const WRITE = tool('update_project', false, 'read_project');
const WRITE_UNVERIFIED = tool('lock_project', false);
const context = { baseUrl: 'https://me:pw@qc.example/api/v2/?x=1', timeoutMs: 30_000 };
const MAY = ' It may still have taken effect on QuantConnect: check with read_project before calling again.';
const CREDS =
  "Check QUANTCONNECT_USER_ID and QUANTCONNECT_API_TOKEN (your user id and API token from https://www.quantconnect.com/settings) and that this machine's clock is right: each request is signed with the current time.";

describe('describeToolError: one message per kind of failure, for reads and writes', () => {
  it.each([
    [new MissingCredentialsError(['A', 'B']), READ, 'read_project needs QuantConnect credentials, which are not configured: set A and B and restart the server.'],
    [new MissingCredentialsError(['A'], 'the secret s could not be read'), WRITE, 'update_project could not run: the QuantConnect credentials could not be loaded (the secret s could not be read). Nothing was sent. This is a deployment problem: tell whoever runs this server.'],
    [new QuantConnectApiError(["Hash doesn't match."], 200), READ, `QuantConnect rejected the credentials (Hash doesn't match.). ${CREDS}`],
    [new QuantConnectApiError(['Project not found'], 200), WRITE, 'QuantConnect could not complete update_project: Project not found.'],
    [new QuantConnectApiError(['Window too big'], 200), tool('read_backtest_orders', true), 'QuantConnect could not complete read_backtest_orders: Window too big. Read orders in windows with end - start < 100.'],
    [new QuantConnectHttpError(401, []), READ, `QuantConnect rejected the credentials (HTTP 401). ${CREDS}`],
    [new QuantConnectHttpError(403, ['Unauthorized']), READ, `QuantConnect rejected the credentials (HTTP 403 (Unauthorized)). ${CREDS}`],
    [new QuantConnectHttpError(429, [], 2.2), WRITE, `QuantConnect is limiting the request rate (HTTP 429) for update_project. Wait 3 s and try again.${MAY}`],
    [new QuantConnectHttpError(429, []), READ, 'QuantConnect is limiting the request rate (HTTP 429) for read_project. Wait a minute and try again.'],
    [new QuantConnectHttpError(500, ['boom']), WRITE, `QuantConnect answered HTTP 500 for update_project (boom). This can be a temporary fault, or invalid credentials: ${CREDS}${MAY}`],
    [new QuantConnectHttpError(501, []), READ, 'QuantConnect is unavailable right now (HTTP 501) for read_project. Try again in a minute.'],
    [new QuantConnectHttpError(503, ['down']), WRITE, `QuantConnect is unavailable right now (HTTP 503) for update_project (down). Try again in a minute.${MAY}`],
    [new QuantConnectHttpError(404, ['gone']), WRITE, 'QuantConnect refused update_project (HTTP 404) (gone). Check the arguments.'],
    [new QuantConnectHttpError(499, []), READ, 'QuantConnect refused read_project (HTTP 499). Check the arguments.'],
    [new QuantConnectTimeoutError(30_000), READ, 'QuantConnect did not answer read_project within 30 s. Try again.'],
    [new QuantConnectTimeoutError(30_000), WRITE, `QuantConnect did not answer update_project within 30 s.${MAY}`],
    [new QuantConnectNetworkError('reset', 'ECONNRESET'), WRITE, `Could not reach QuantConnect at https://qc.example/api/v2 for update_project (reset). Check the network connection and QUANTCONNECT_API_BASE_URL.${MAY}`],
    [new QuantConnectNetworkError('refused', 'ECONNREFUSED'), WRITE, 'Could not reach QuantConnect at https://qc.example/api/v2 for update_project (refused). Check the network connection and QUANTCONNECT_API_BASE_URL. Nothing was sent.'],
    [new QuantConnectUnreadableResponseError(200, '', 'x'), READ, 'QuantConnect answered read_project with a body that is not JSON (HTTP 200, no content type): x. Try again later.'],
    [new QuantConnectUnreadableResponseError(502, 'text/html', 'y'), WRITE_UNVERIFIED, 'QuantConnect answered lock_project with a body that is not JSON (HTTP 502, text/html): y. Try again later. It may still have taken effect on QuantConnect: check before calling again.'],
    [new QuantConnectCancelledError(), READ, 'read_project was cancelled before QuantConnect answered.'],
    [new QuantConnectCancelledError(), WRITE, `update_project was cancelled before QuantConnect answered.${MAY}`],
    [new QuantConnectResponseTooLargeError(1_024), READ, "read_project failed: QuantConnect's answer is larger than 1024 bytes (QUANTCONNECT_MAX_RESPONSE_BYTES), so it was not read. Ask for less: a window, a section or a single item."],
    [new QuantConnectResponseTooLargeError(1_024), WRITE, `update_project failed: QuantConnect's answer is larger than 1024 bytes (QUANTCONNECT_MAX_RESPONSE_BYTES), so it was not read. Ask for less: a window, a section or a single item.${MAY}`],
    [new QuantConnectLocalError('RangeError: r'), WRITE, 'update_project failed: The request could not be sent (RangeError: r). Nothing reached QuantConnect.'],
    [new QuantConnectRedirectError(307, 'https://x.example/'), READ, 'read_project failed: QuantConnect answered HTTP 307 with a redirect to https://x.example/. Redirects are not followed: they could carry the request, and the code in it, to another address. Check QUANTCONNECT_API_BASE_URL.'],
    [new ToolArgumentError("read_backtest: include 'x' names no section."), READ, "read_backtest: include 'x' names no section. Fix the argument and call again."],
    [new Error('kaboom'), READ, 'read_project failed: kaboom'],
    ['plain', READ, 'read_project failed: plain'],
  ] as const)('%#', (error, definition, message) => {
    expect(describeToolError(error, definition, context)).toBe(message);
  });

  it('a time limit under a second is said in milliseconds', () => {
    expect(describeToolError(new QuantConnectTimeoutError(400), READ, { ...context, timeoutMs: 400 })).toBe('QuantConnect did not answer read_project within 400 ms. Try again.');
    expect(describeToolError(new QuantConnectTimeoutError(1_000), READ, { ...context, timeoutMs: 1_000 })).toBe('QuantConnect did not answer read_project within 1 s. Try again.');
    expect(describeToolError(new QuantConnectTimeoutError(1_600), READ, { ...context, timeoutMs: 1_600 })).toBe('QuantConnect did not answer read_project within 2 s. Try again.');
  });
});

describe('safeUrl', () => {
  it('drops credentials, query and trailing slashes', () => {
    expect(safeUrl('https://me:pw@qc.example:8443/api/v2//?token=x#y')).toBe('https://qc.example:8443/api/v2');
    expect(safeUrl('not a url')).toBe('(an invalid URL)');
  });
});

describe('describeInvalidArguments', () => {
  const schema = z.strictObject({ projectId: z.number(), name: z.string(), note: z.string().optional() });

  it('lists what the caller sent wrong before what it left out', () => {
    const parsed = schema.safeParse({ note: 5 });
    expect(describeInvalidArguments('update_project', parsed.error!, { note: 5 })).toBe(
      'Invalid arguments for update_project:\n- note: Invalid input: expected string, received number\n- projectId: Invalid input: expected number, received undefined\n- name: Invalid input: expected string, received undefined\nFix these fields (see the tool\'s input schema) and call again.',
    );
  });

  it('names one unknown field, or ten of many, clipped', () => {
    const one = schema.safeParse({ projectId: 1, name: 'n', extra: 1 });
    expect(describeInvalidArguments('t', one.error!, { extra: 1 })).toContain("- unknown field 'extra': remove it\n");
    const keys = Object.fromEntries(Array.from({ length: 12 }, (_, index) => [`${'k'.repeat(45)}${index}`, 1]));
    const many = schema.safeParse({ projectId: 1, name: 'n', ...keys });
    const text = describeInvalidArguments('t', many.error!, keys);
    expect(text).toContain(`- unknown fields '${'k'.repeat(37)}...', `);
    expect(text).toContain(' and 2 more: remove them\n');
    expect(text.match(/'k+\.\.\.'/g)).toHaveLength(10);
  });

  it('lists at most ten problems and counts the rest; a message is clipped at 200 characters', () => {
    const wide = z.strictObject(Object.fromEntries(Array.from({ length: 13 }, (_, index) => [`f${index}`, z.number()])));
    const text = describeInvalidArguments('t', wide.safeParse({}).error!, {});
    expect(text.split('\n').filter((line) => line.startsWith('- f'))).toHaveLength(10);
    expect(text).toContain('\n- and 3 more problems\n');
    const long = z.strictObject({ a: z.string().refine(() => false, { message: 'm'.repeat(300) }) });
    expect(describeInvalidArguments('t', long.safeParse({ a: 'x' }).error!, { a: 'x' })).toContain(`- a: ${'m'.repeat(197)}...\n`);
    const root = z.number();
    expect(describeInvalidArguments('t', root.safeParse('x').error!, {})).toContain('- (arguments): ');
  });
});

describe('redactor', () => {
  it('removes the token, Basic and Bearer values, and only the signatures it sent', () => {
    const sent = ['QkFTRTY0VkFMVUVPRlVTRVJJRFBMVVNIQVNIRk9SVEVTVElORw==', 'a'.repeat(64)];
    const redact = redactor(['tok123', 'short', undefined], () => sent);
    expect(redact('token tok123 and tok123')).toBe('token [redacted] and [redacted]');
    expect(redact('Authorization: Basic abcdefgh12345678 Bearer zzzzzzzzz')).toBe('Authorization: Basic [redacted] Bearer [redacted]');
    expect(redact('Basic short')).toBe('Basic short');
    expect(redact(`x ${sent[0]} y ${sent[1]} z ${'b'.repeat(64)}`)).toBe(`x [redacted] y [redacted] z ${'b'.repeat(64)}`);
    expect(redactor(['abcde'])('abcde stays: too short to be a token')).toBe('abcde stays: too short to be a token');
    expect(redactor(['abcdef'])('abcdef goes')).toBe('[redacted] goes');
  });
});

describe('budgetedResult', () => {
  const noSecrets = (text: string) => text;
  const bytes = (value: unknown) => Buffer.byteLength(JSON.stringify(value), 'utf8');

  it('within budget: text and structuredContent carry all of it, links ride along', () => {
    const data = { a: 1, b: 'x' };
    const result = budgetedResult(READ, {}, data, [{ uri: 'qc://a', name: 'a', description: 'd' }], 10_000, noSecrets);
    expect(result).toEqual({
      content: [
        { type: 'text', text: '{"a":1,"b":"x"}' },
        { type: 'resource_link', uri: 'qc://a', name: 'a', description: 'd', mimeType: 'application/json' },
      ],
      structuredContent: data,
    });
  });

  it('measures as sent: escaped quotes count twice, with a fixed allowance of 64 bytes for the envelope', () => {
    const data = { s: 'q"'.repeat(100) };
    const text = JSON.stringify(data);
    // The rule: the text as a JSON string, the text as structuredContent, the links ([] here), and 64.
    const allowance = Buffer.byteLength(JSON.stringify(text)) + Buffer.byteLength(text) + 2 + 64;
    expect(allowance).toBeGreaterThan(bytes({ content: [{ type: 'text', text }], structuredContent: data }));
    expect(budgetedResult(READ, {}, data, [], allowance, noSecrets).structuredContent).toEqual(data);
    expect((budgetedResult(READ, {}, data, [], allowance - 1, noSecrets).structuredContent as { truncated?: unknown }).truncated).toBeDefined();
  });

  it('over budget: the same cut data in both, what was cut, and resources only for read-only tools', () => {
    const data = { items: Array.from({ length: 500 }, (_, index) => ({ index, label: `item ${index}` })) };
    const read = budgetedResult(READ, { projectId: 1 }, data, [], 6_000, noSecrets);
    expect(bytes(read)).toBeLessThanOrEqual(6_000);
    const structured = read.structuredContent as { items: unknown[]; truncated: { note: string; omitted: { path: string; kept: string; resource?: string }[] } };
    expect(JSON.parse((read.content[0] as { text: string }).text)).toEqual(structured);
    expect(structured.truncated.note).toMatch(/^This answer is \d+ bytes, over the result budget of 6000 bytes \(MCP_RESULT_MAX_BYTES\), so parts were cut; read each part/);
    expect(structured.truncated.omitted).toEqual([
      { path: '/items', kept: `${structured.items.length} of 500 items`, resource: 'qc://results/read_project?arguments=%7B%22projectId%22%3A1%7D&path=%2Fitems' },
    ]);
    const write = budgetedResult(WRITE, {}, data, [], 6_000, noSecrets).structuredContent as { truncated: { note: string; omitted: object[] } };
    expect(write.truncated.note).toMatch(/read the data with the matching read tool/);
    expect(write.truncated.omitted[0]).not.toHaveProperty('resource');
  });

  it('lists twelve cut parts at most and counts the rest', () => {
    const data = Object.fromEntries(Array.from({ length: 20 }, (_, index) => [`k${index}`, 'v'.repeat(2_000)]));
    const result = budgetedResult(READ, {}, data, [], 20_000, noSecrets).structuredContent as { truncated: { omitted: unknown[]; moreOmitted?: number } };
    expect(result.truncated.omitted).toHaveLength(12);
    expect(result.truncated.moreOmitted).toBeGreaterThan(0);
    const few = budgetedResult(READ, {}, { a: 'x'.repeat(20_000) }, [], 8_000, noSecrets).structuredContent as { truncated: { moreOmitted?: number } };
    expect(few.truncated).not.toHaveProperty('moreOmitted');
  });

  it('redacts inside structuredContent too, and reports sizes after redaction', () => {
    const result = budgetedResult(READ, {}, { deep: [{ token: 'tok123456' }] }, [], 10_000, redactor(['tok123456']));
    expect(result.structuredContent).toEqual({ deep: [{ token: '[redacted]' }] });
    expect((result.content[0] as { text: string }).text).toBe('{"deep":[{"token":"[redacted]"}]}');
  });

  it('keeps at most sixteen links', () => {
    const links = Array.from({ length: 20 }, (_, index) => ({ uri: `qc://${index}`, name: `${index}`, description: '' }));
    expect(budgetedResult(READ, {}, {}, links, 100_000, noSecrets).content).toHaveLength(17);
  });

  it('says so when nothing fits', () => {
    const result = budgetedResult(READ, {}, { a: 'x'.repeat(10_000) }, [{ uri: 'qc://'.padEnd(2_000, 'x'), name: 'n', description: '' }], 2_100, noSecrets);
    expect(result).toEqual({
      content: [{ type: 'text', text: JSON.stringify(result.structuredContent) }],
      structuredContent: { truncated: { note: 'This answer is 10008 bytes and could not be cut to the 2100-byte result budget (MCP_RESULT_MAX_BYTES); raise the budget or ask for less.' } },
    });
  });
});
