import { createServer, type IncomingHttpHeaders, type RequestListener } from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { QuantConnectNetworkError, QuantConnectResponseTooLargeError } from './errors.js';
import { post, type Post } from './transport.js';

/** A loopback stand-in for QuantConnect, answering each request with `listener`. */
async function serve(listener: RequestListener) {
  const server = createServer(listener);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/api/v2/x`);
}
const servers: ReturnType<typeof createServer>[] = [];
afterEach(() => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    server.close();
  }
});

const send = (url: URL, extra: Partial<Post> = {}) => post({ url, headers: {}, signal: new AbortController().signal, maxBytes: 1_000_000, ...extra });

describe('post', () => {
  it('sends a POST with its own headers, the given ones and the body length, and reads the answer', async () => {
    let seen: { method?: string; headers?: IncomingHttpHeaders; body?: string } = {};
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen = { method: req.method, headers: req.headers, body };
        res.writeHead(201, { 'content-type': 'application/json', 'x-one': 'a' }).end('{"ok":true}');
      });
    });
    const answer = await send(url, { headers: { authorization: 'Basic abc', 'content-type': 'application/json' }, body: Buffer.from('{"k":"é"}') });
    expect(seen.method).toBe('POST');
    expect(seen.body).toBe('{"k":"é"}');
    expect(seen.headers).toMatchObject({
      accept: 'application/json',
      'accept-encoding': 'gzip, deflate, br',
      'user-agent': 'quantconnect-mcp',
      authorization: 'Basic abc',
      'content-type': 'application/json',
      'content-length': '10',
    });
    expect(answer.status).toBe(201);
    expect(answer.text).toBe('{"ok":true}');
    expect(answer.headers.get('Content-Type')).toBe('application/json');
    expect(answer.headers.get('x-one')).toBe('a');
    expect(answer.headers.get('x-none')).toBeNull();
  });

  it('sends an empty body, of length 0, when there is none', async () => {
    let headers: IncomingHttpHeaders = {};
    const url = await serve((req, res) => {
      headers = req.headers;
      req.resume().on('end', () => res.end('{}'));
    });
    await send(url);
    expect(headers['content-length']).toBe('0');
    expect(headers['transfer-encoding']).toBeUndefined();
  });

  it('gives a repeated header as its values joined by commas', async () => {
    const url = await serve((req, res) => {
      res.setHeader('x-many', ['a', 'b']);
      res.setHeader('set-cookie', ['c=1', 'd=2']);
      req.resume().on('end', () => res.end('{}'));
    });
    const { headers } = await send(url);
    expect(headers.get('set-cookie')).toBe('c=1, d=2');
    expect(headers.get('x-many')).toBe('a, b');
  });

  it.each([
    ['gzip', true],
    ['x-gzip', true],
    [' GZip ', true],
    ['identity', false],
    ['zstd', false],
    ['', false],
  ])('content-encoding %j: decoded %s', async (encoding, decodes) => {
    const json = '{"data":"compressed"}';
    const url = await serve((req, res) => {
      req.resume().on('end', () => res.writeHead(200, encoding ? { 'content-encoding': encoding } : {}).end(decodes ? gzipSync(json) : json));
    });
    expect((await send(url)).text).toBe(json);
  });

  it('reports a compressed body that is not what it says as a network error', async () => {
    const url = await serve((req, res) => req.resume().on('end', () => res.writeHead(200, { 'content-encoding': 'gzip' }).end('not gzip at all')));
    const error = await send(url).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(QuantConnectNetworkError);
    expect((error as QuantConnectNetworkError).code).toBe('Z_DATA_ERROR');
  });

  it('a compressed answer cut off part-way is a network error, not a hang', async () => {
    const packed = gzipSync(JSON.stringify({ data: 'q'.repeat(50_000), n: Math.PI }), { level: 0 });
    const url = await serve((req, res) => {
      req.resume().on('end', () => {
        res.writeHead(200, { 'content-encoding': 'gzip', 'content-length': String(packed.length) });
        res.write(packed.subarray(0, 1_000), () => res.destroy());
      });
    });
    await expect(send(url)).rejects.toBeInstanceOf(QuantConnectNetworkError);
  });

  it('stops reading a compressed answer once its decoded size passes the cap', async () => {
    const packed = gzipSync(JSON.stringify({ data: 'r'.repeat(200_000) }));
    const url = await serve((req, res) => req.resume().on('end', () => res.writeHead(200, { 'content-encoding': 'gzip' }).end(packed)));
    expect(packed.length).toBeLessThan(2_000);
    await expect(send(url, { maxBytes: 10_000 })).rejects.toBeInstanceOf(QuantConnectResponseTooLargeError);
  });

  it('refuses a declared size over the cap, and reads one exactly at it', async () => {
    const url = await serve((req, res) => req.resume().on('end', () => res.writeHead(200, { 'content-length': '10' }).end('0123456789')));
    await expect(send(url, { maxBytes: 9 })).rejects.toBeInstanceOf(QuantConnectResponseTooLargeError);
    await expect(send(url, { maxBytes: 10 })).resolves.toMatchObject({ text: '0123456789' });
  });

  it('a refused connection is a network error with its code', async () => {
    const url = await serve((_req, res) => res.end());
    servers[0]?.close();
    servers[0]?.closeAllConnections();
    await new Promise((resolve) => servers[0]?.once('close', resolve));
    const error = (await send(url).catch((caught: unknown) => caught)) as QuantConnectNetworkError;
    expect(error).toBeInstanceOf(QuantConnectNetworkError);
    expect(error.code).toBe('ECONNREFUSED');
    expect(error.mayHaveReachedQuantConnect).toBe(false);
  });

  it('an aborted signal ends the call', async () => {
    const url = await serve(() => undefined);
    const controller = new AbortController();
    const pending = send(url, { signal: controller.signal });
    setTimeout(() => controller.abort(), 20);
    await expect(pending).rejects.toBeInstanceOf(QuantConnectNetworkError);
  });
});
