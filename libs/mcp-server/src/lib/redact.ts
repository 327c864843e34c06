/** Runs that may be a base64 Authorization value or a hex sha256: each one is looked up, not guessed at. */
const SIGNATURE_SHAPED = /[A-Za-z0-9+/]{40,}={0,2}/g;

/**
 * Removes secrets from text that leaves the server (tool results, resource pages, log lines): the
 * API token itself, any Basic or Bearer credential, and every form of a signature this process
 * sent (`sent`: the base64 value, the hash), at any depth of the JSON. The token is never sent,
 * but a misconfigured base URL or an echoing proxy must not hand any of it back.
 */
export function redactor(secrets: readonly (string | undefined)[], sent: () => Iterable<string> = () => []): (text: string) => string {
  const values = secrets.filter((secret): secret is string => typeof secret === 'string' && secret.length >= 6);
  return (text) => {
    let out = text.replace(/(Basic|Bearer)\s+[A-Za-z0-9+/=._-]{8,}/g, '$1 [redacted]');
    for (const secret of values) out = out.split(secret).join('[redacted]');
    const signatures = new Set(sent());
    if (signatures.size > 0) out = out.replace(SIGNATURE_SHAPED, (run) => (signatures.has(run) ? '[redacted]' : run));
    return out;
  };
}
