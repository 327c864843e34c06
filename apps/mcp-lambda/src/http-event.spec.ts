import { describe, expect, it } from 'vitest';
import { protocolVersionOf, readEvent } from './http-event.js';

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

describe('protocolVersionOf', () => {
  const event = (headers: Record<string, string>) => ({ method: 'POST', path: '/mcp', body: '', headers });

  it('passes a well-formed protocol version', () => {
    expect(protocolVersionOf(event({ 'mcp-protocol-version': '2025-06-18' }))).toBe('2025-06-18');
    const version = `a.b-c_${'9'.repeat(26)}`;
    expect(protocolVersionOf(event({ 'mcp-protocol-version': version }))).toBe(version);
  });

  it.each(['2025 06 18', 'x'.repeat(33), '', 'v1\u0000'])('treats a malformed one, %j, as none', (version) => {
    expect(protocolVersionOf(event({ 'mcp-protocol-version': version }))).toBeUndefined();
  });

  it('is undefined without the header', () => {
    expect(protocolVersionOf(event({ accept: 'application/json' }))).toBeUndefined();
  });
});
