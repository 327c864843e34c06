/**
 * QuantConnect's per-request authentication: the token is never sent, only a hash of it with the
 * current unix time, which the server checks against the Timestamp header.
 */
export function authHeaders(userId: string, apiToken: string, unixSeconds: number): Record<string, string> {
  const timestamp = String(unixSeconds);
  // node:crypto is reached when the first request is signed, not imported at start-up, where loading it costs about 2 ms.
  const hash = process.getBuiltinModule('node:crypto').createHash('sha256').update(`${apiToken}:${timestamp}`).digest('hex');
  return {
    Timestamp: timestamp,
    Authorization: `Basic ${Buffer.from(`${userId}:${hash}`).toString('base64')}`,
  };
}
