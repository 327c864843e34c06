/**
 * Removes secrets from text that leaves the server (tool results, log lines). The API token is
 * never sent, but a misconfigured base URL or an echoing proxy must not leak it either.
 */
export function redactor(secrets: readonly (string | undefined)[]): (text: string) => string {
  const values = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 6);
  return (text) => {
    let out = text.replace(/(Basic|Bearer)\s+[A-Za-z0-9+/=._-]{8,}/g, '$1 [redacted]');
    for (const secret of values) out = out.split(secret).join('[redacted]');
    return out;
  };
}
