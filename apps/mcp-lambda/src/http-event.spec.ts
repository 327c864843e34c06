import { describe, expect, it } from 'vitest';
import { readEvent, toRequest, toResult } from './http-event.js';

/** Events as API Gateway and function URLs send them, trimmed to what matters, with the expected reading written out. */
describe('readEvent', () => {
  it('reads a REST API (v1) event, lower-casing header names and keeping only text values', () => {
    expect(
      readEvent({
        httpMethod: 'post',
        path: '/prod/mcp',
        headers: { 'Content-Type': 'application/json', 'MCP-Protocol-Version': '2025-06-18', 'X-Number': 7, 'X-Null': null },
        body: '{"a":1}',
        isBase64Encoded: false,
        requestContext: { identity: { apiKeyId: 'key-1', userArn: 'arn:user', caller: 'caller-1' } },
      }),
    ).toEqual({
      method: 'POST',
      path: '/prod/mcp',
      headers: { 'content-type': 'application/json', 'mcp-protocol-version': '2025-06-18' },
      body: '{"a":1}',
      caller: 'key-1',
    });
  });

  it('reads an HTTP API (v2) or function URL event, preferring its http method and raw path, decoding base64', () => {
    expect(
      readEvent({
        version: '2.0',
        httpMethod: 'GET',
        rawPath: '/mcp',
        path: '/other',
        body: Buffer.from('{"é":1}').toString('base64'),
        isBase64Encoded: true,
        requestContext: { http: { method: 'POST', path: '/mcp' }, authorizer: { iam: { userArn: 'arn:aws:iam::1:user/a' } } },
      }),
    ).toEqual({ method: 'POST', path: '/mcp', headers: {}, body: '{"é":1}', caller: 'arn:aws:iam::1:user/a' });
  });

  it.each<[string, Record<string, unknown>, string | undefined]>([
    ['the API key id first', { identity: { apiKeyId: 'k', userArn: 'u', caller: 'c' }, authorizer: { iam: { userArn: 'i' } } }, 'k'],
    ['then the IAM user', { identity: { userArn: 'u', caller: 'c' }, authorizer: { iam: { userArn: 'i' } } }, 'u'],
    ['then the caller', { identity: { caller: 'c' }, authorizer: { iam: { userArn: 'i' } } }, 'c'],
    ['then the HTTP API IAM authorizer', { identity: 'odd', authorizer: { iam: { userArn: 'i' } } }, 'i'],
    ['nobody', { authorizer: { iam: 'odd' } }, undefined],
    ['nobody when the authorizer is not an object', { authorizer: 'odd' }, undefined],
  ])('names the caller: %s', (_name, requestContext, caller) => {
    const read = readEvent({ httpMethod: 'POST', requestContext });
    expect(read?.caller).toBe(caller);
    expect(read !== undefined && 'caller' in read).toBe(caller !== undefined);
  });

  it('defaults the path to / and the body to empty, and takes a body as text only', () => {
    expect(readEvent({ httpMethod: 'POST', body: 42, headers: 'odd', requestContext: 'odd' })).toEqual({ method: 'POST', path: '/', headers: {}, body: '' });
    expect(readEvent({ httpMethod: 'POST', body: 'x', isBase64Encoded: 'true' })?.body).toBe('x');
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['an array', [{ httpMethod: 'POST' }]],
    ['a string', 'POST /mcp'],
    ['no method', { path: '/mcp', requestContext: { http: {} } }],
    ['a method that is not text', { httpMethod: 1 }],
    ['an empty method', { httpMethod: '' }],
  ])('is undefined for %s', (_name, event) => {
    expect(readEvent(event)).toBeUndefined();
  });
});

describe('toRequest', () => {
  const event = { method: 'POST', path: '/mcp', body: '{"jsonrpc":"2.0"}', headers: {} as Record<string, string> };

  it('always asks for JSON and passes only a well-formed protocol version', async () => {
    const request = toRequest({ ...event, headers: { 'mcp-protocol-version': '2025-06-18', host: 'evil', authorization: 'secret' } });
    expect(request.method).toBe('POST');
    expect(request.url).toBe('https://lambda.local/mcp');
    expect(Object.fromEntries(request.headers)).toEqual({
      accept: 'application/json, text/event-stream',
      'content-type': 'application/json',
      'mcp-protocol-version': '2025-06-18',
    });
    expect(await request.text()).toBe('{"jsonrpc":"2.0"}');
  });

  it.each(['2025 06 18', 'x'.repeat(33), '', 'v1\u0000'])('leaves out a malformed protocol version %j', (version) => {
    expect(toRequest({ ...event, headers: { 'mcp-protocol-version': version } }).headers.has('mcp-protocol-version')).toBe(false);
  });

  it('accepts a version of 32 characters of letters, digits, dot, dash and underscore', () => {
    const version = `a.b-c_${'9'.repeat(26)}`;
    expect(toRequest({ ...event, headers: { 'mcp-protocol-version': version } }).headers.get('mcp-protocol-version')).toBe(version);
  });
});

describe('toResult', () => {
  it('copies status, headers (over the extra ones) and body', async () => {
    const response = new Response('{"ok":true}', { status: 202, headers: { 'content-type': 'application/json', vary: 'Origin' } });
    expect(await toResult(response, { vary: 'none', 'access-control-allow-origin': 'https://a.example' })).toEqual({
      statusCode: 202,
      headers: { 'content-type': 'application/json', vary: 'Origin', 'access-control-allow-origin': 'https://a.example' },
      body: '{"ok":true}',
      isBase64Encoded: false,
    });
  });
});
