import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable } from 'node:stream';
import { QuantConnectNetworkError, QuantConnectResponseTooLargeError } from './errors.js';

/** What came back: the status, the headers (looked up by lower-case name), and the whole body as text. */
export interface Answer {
  readonly status: number;
  readonly headers: Pick<Headers, 'get'>;
  readonly text: string;
}

export interface Post {
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: Buffer;
  readonly signal: AbortSignal;
  /** Answers larger than this (decoded) are refused; one that declares more is not read at all. */
  readonly maxBytes: number;
}

const lookup = (headers: IncomingHttpHeaders): Pick<Headers, 'get'> => ({
  get: (name) => {
    const value = headers[name.toLowerCase()];
    return (Array.isArray(value) ? value.join(', ') : value) ?? null;
  },
});

/** The body as sent, decoded when QuantConnect (or a proxy in front of it) compressed it. */
function decoded(response: IncomingMessage): Readable {
  const encoding = String(response.headers['content-encoding'] ?? '').trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return response;
  const zlib = process.getBuiltinModule('node:zlib');
  const decoder =
    encoding === 'gzip' || encoding === 'x-gzip' ? zlib.createGunzip() : encoding === 'deflate' ? zlib.createInflate() : encoding === 'br' ? zlib.createBrotliDecompress() : undefined;
  if (!decoder) return response;
  response.on('error', (error) => decoder.destroy(error));
  return response.pipe(decoder);
}

/**
 * One POST with Node's HTTP client (keep-alive, never following a redirect). Node's fetch would do
 * the same through a Web Request, an AbortSignal and web streams per call, which cost about six
 * times the CPU on a loopback call; this is the path every tool call takes.
 *
 * A failure to connect or a connection lost is a QuantConnectNetworkError (with the system code, so
 * a refused connection is known not to have reached QuantConnect); an error thrown before sending
 * (an invalid header) is thrown as it is. A cancelled call rejects with whatever Node reports; the
 * caller, which owns the signal, says why.
 */
export function post({ url, headers, body, signal, maxBytes }: Post): Promise<Answer> {
  const transport = process.getBuiltinModule(url.protocol === 'https:' ? 'node:https' : 'node:http');
  return new Promise<Answer>((resolve, reject) => {
    let settled = false;
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      outcome();
    };
    const fail = (error: Error & { code?: string }) =>
      settle(() => reject(error instanceof QuantConnectResponseTooLargeError ? error : new QuantConnectNetworkError(error.message, error.code)));
    const request = transport.request(
      url,
      {
        method: 'POST',
        headers: { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'quantconnect-mcp', ...headers, ...(body ? { 'content-length': String(body.byteLength) } : {}) },
        signal,
      },
      (response) => {
        const declared = Number(response.headers['content-length']);
        if (Number.isFinite(declared) && declared > maxBytes) {
          fail(new QuantConnectResponseTooLargeError(maxBytes));
          return response.destroy();
        }
        const chunks: Buffer[] = [];
        let read = 0;
        const stream = decoded(response);
        stream.on('data', (chunk: Buffer) => {
          read += chunk.byteLength;
          if (read <= maxBytes) return void chunks.push(chunk);
          fail(new QuantConnectResponseTooLargeError(maxBytes));
          response.destroy();
          if (stream !== response) stream.destroy();
        });
        stream.once('end', () => settle(() => resolve({ status: response.statusCode ?? 0, headers: lookup(response.headers), text: Buffer.concat(chunks).toString('utf8') })));
        stream.once('error', fail);
        // A connection closed part-way through the answer ends the response without an 'end'.
        response.once('close', () => {
          if (!response.complete) fail(Object.assign(new Error('the connection closed before the whole answer arrived'), { code: 'ECONNRESET' }));
        });
      },
    );
    request.once('error', fail);
    request.end(body);
  });
}
