import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { downloadFailure, resolveSpec, sha256 } from './spec-source.js';

const SPEC = 'openapi: 3.0.0\n';

function workspace(pinned = sha256(SPEC)) {
  const root = mkdtempSync(join(tmpdir(), 'qc-mcp-spec-'));
  mkdirSync(join(root, 'openapi'));
  writeFileSync(
    join(root, 'openapi/source.json'),
    JSON.stringify({ repository: 'o/r', path: 'spec.yaml', commit: 'c0ffee', url: 'https://example.invalid/spec.yaml', sha256: pinned }),
  );
  return root;
}

describe('resolveSpec', () => {
  it('reads the file named by QUANTCONNECT_OPENAPI_SPEC and checks its sha256', async () => {
    const root = workspace();
    writeFileSync(join(root, 'spec.yaml'), SPEC);
    const spec = await resolveSpec(root, { env: { QUANTCONNECT_OPENAPI_SPEC: join(root, 'spec.yaml') } });
    expect(spec).toMatchObject({ text: SPEC, sha256: sha256(SPEC) });
  });

  it('refuses a file whose sha256 differs from the pin, and says how to move to it', async () => {
    const root = workspace('0'.repeat(64));
    writeFileSync(join(root, 'spec.yaml'), SPEC);
    await expect(resolveSpec(root, { env: { QUANTCONNECT_OPENAPI_SPEC: join(root, 'spec.yaml') } })).rejects.toThrow(
      /pins 0{64}.*update-spec --spec/,
    );
  });

  it('falls back to openapi/.cache/<sha256>.yaml', async () => {
    const root = workspace();
    mkdirSync(join(root, 'openapi/.cache'));
    writeFileSync(join(root, `openapi/.cache/${sha256(SPEC)}.yaml`), SPEC);
    await expect(resolveSpec(root, { env: {} })).resolves.toMatchObject({ sha256: sha256(SPEC) });
  });

  it('downloads and verifies the pinned file, then caches it', async () => {
    const root = workspace();
    const fetchImpl = vi.fn(async () => new Response(SPEC)) as unknown as typeof fetch;
    await expect(resolveSpec(root, { env: {}, fetchImpl })).resolves.toMatchObject({ sha256: sha256(SPEC) });
    await expect(resolveSpec(root, { env: {}, fetchImpl })).resolves.toMatchObject({ sha256: sha256(SPEC) });
    expect(fetchImpl).toHaveBeenCalledTimes(1);
  });

  it('offline, with nothing to read, fails with one paragraph naming the variable', async () => {
    const root = workspace();
    const fetchImpl = (async () => {
      throw new Error('getaddrinfo ENOTFOUND');
    }) as unknown as typeof fetch;
    const failure = resolveSpec(root, { env: {}, fetchImpl });
    await expect(failure).rejects.toThrow(/^Cannot find the QuantConnect OpenAPI spec\. Set QUANTCONNECT_OPENAPI_SPEC .*ENOTFOUND\.$/);
  });

  it('reads a relative QUANTCONNECT_OPENAPI_SPEC from the directory the command was run in (INIT_CWD)', async () => {
    const root = workspace();
    mkdirSync(join(root, 'specs'));
    writeFileSync(join(root, 'specs/spec.yaml'), SPEC);
    await expect(resolveSpec(root, { env: { QUANTCONNECT_OPENAPI_SPEC: 'specs/spec.yaml', INIT_CWD: root } })).resolves.toMatchObject({ origin: join(root, 'specs/spec.yaml') });
    await expect(resolveSpec(root, { env: { QUANTCONNECT_OPENAPI_SPEC: 'spec.yaml', INIT_CWD: join(root, 'specs') } })).resolves.toMatchObject({ sha256: sha256(SPEC) });
  });

  it('a failed download says why: the status, an unknown host, an unreachable one', async () => {
    const root = workspace();
    const failing = (impl: () => Promise<Response>) => resolveSpec(root, { env: {}, fetchImpl: impl as unknown as typeof fetch });
    await expect(failing(async () => new Response('gone', { status: 404 }))).rejects.toThrow(/which failed: the server answered HTTP 404\.$/);
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND example.invalid'), { code: 'ENOTFOUND', hostname: 'example.invalid' });
    await expect(failing(async () => Promise.reject(new TypeError('fetch failed', { cause: dns })))).rejects.toThrow(
      /which failed: the host example\.invalid could not be resolved \(offline\?\)\.$/,
    );
    expect(downloadFailure(new TypeError('fetch failed', { cause: Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }) }))).toBe('the host is unreachable (ECONNREFUSED)');
    expect(downloadFailure(Object.assign(new Error('The operation was aborted due to timeout'), { name: 'TimeoutError' }))).toBe('no answer within 20 s');
  });
});
