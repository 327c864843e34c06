import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import type { Readable, Transform } from 'node:stream';
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

type Zlib = typeof import('node:zlib');
/** Decoders by Content-Encoding; node:zlib is loaded by the first compressed answer. */
const DECODERS = new Map<string, (zlib: Zlib) => Transform>([
  ['gzip', (zlib) => zlib.createGunzip()],
  ['x-gzip', (zlib) => zlib.createGunzip()],
  ['deflate', (zlib) => zlib.createInflate()],
  ['br', (zlib) => zlib.createBrotliDecompress()],
]);

/** The body as sent, decoded when QuantConnect (or a proxy in front of it) compressed it; any other encoding is read as it is. */
function decoded(response: IncomingMessage): Readable {
  const decoder = DECODERS.get(String(response.headers['content-encoding']).toLowerCase())?.(process.getBuiltinModule('node:zlib'));
  if (!decoder) return response;
  // A connection lost part-way also ends the decoder.
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
    // Every error is listened for (an unheard second one would end the process); after the first, the promise is settled and they change nothing.
    const fail = (error: Error & { code?: string }) => reject(error instanceof QuantConnectResponseTooLargeError ? error : new QuantConnectNetworkError(error.message, error.code));
    const request = transport.request(
      url,
      {
        method: 'POST',
        // Node gives a body sent whole its Content-Length (0 without one).
        headers: { accept: 'application/json', 'accept-encoding': 'gzip, deflate, br', 'user-agent': 'quantconnect-mcp', ...headers },
        signal,
      },
      (response) => {
        // Includes a connection closed part-way through the answer (Node's "aborted", ECONNRESET).
        response.on('error', fail);
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
          stream.destroy();
        });
        stream.once('end', () => resolve({ status: response.statusCode ?? 0, headers: lookup(response.headers), text: Buffer.concat(chunks).toString('utf8') }));
        // A decoder's own errors (a corrupt compressed body), and the response's passed on to it.
        stream.on('error', fail);
      },
    );
    request.on('error', fail);
    request.end(body);
  });
}
