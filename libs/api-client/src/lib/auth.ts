import { createHash } from 'node:crypto';

/**
 * QuantConnect's per-request authentication: the token is never sent, only a hash of it with the
 * current unix time, which the server checks against the Timestamp header.
 */
export function authHeaders(userId: string, apiToken: string, unixSeconds: number): Record<string, string> {
  const timestamp = String(unixSeconds);
  const hash = createHash('sha256').update(`${apiToken}:${timestamp}`).digest('hex');
  return {
    Timestamp: timestamp,
    Authorization: `Basic ${Buffer.from(`${userId}:${hash}`).toString('base64')}`,
  };
}
