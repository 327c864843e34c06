import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { authHeaders } from '../lib/auth.js';
import { TEST_API_TOKEN, TEST_USER_ID } from './constants.js';

export interface RecordedRequest {
  readonly path: string;
  readonly body: string;
  readonly headers: IncomingMessage['headers'];
  readonly authentic: boolean;
}

export type FakeRoute = (request: RecordedRequest, res: ServerResponse) => void | Promise<void>;

/**
 * A QuantConnect stand-in on 127.0.0.1 for tests and benchmarks of whole processes (where nock
 * cannot reach). It checks each request's signature against the test credentials.
 */
export async function startFakeQuantConnect(routes: Record<string, FakeRoute | object> = {}) {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/api\/v2/, '');
      const timestamp = Number(req.headers.timestamp);
      const authentic = Number.isFinite(timestamp) && req.headers.authorization === authHeaders(TEST_USER_ID, TEST_API_TOKEN, timestamp).Authorization;
      const request = { path, body: Buffer.concat(chunks).toString('utf8'), headers: req.headers, authentic };
      requests.push(request);
      if (!authentic) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ success: false, errors: ["Hash doesn't match."] }));
      const route = routes[path];
      if (typeof route === 'function') return void Promise.resolve((route as FakeRoute)(request, res)).catch(() => res.destroy());
      if (route) return void res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(route));
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ success: false, errors: [`No route ${path}`] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/api/v2`,
    requests,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}
