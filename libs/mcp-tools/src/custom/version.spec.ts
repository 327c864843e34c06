import { describe, expect, it } from 'vitest';
import type { ToolContext, ToolDefinition } from '../lib/tool-definition.js';
import { readLatestMcpServerVersionTool, readMcpServerVersionTool } from './version.js';

const definition = { name: 'read_latest_mcp_server_version' } as ToolDefinition;

function contextWith(answer: () => Promise<Response>, registryUrl = 'https://registry.example/') {
  const requests: { url: string; init?: RequestInit }[] = [];
  const context = {
    packageName: '@scope/quantconnect-mcp',
    version: '1.2.3',
    registryUrl,
    signal: new AbortController().signal,
    fetch: async (url: string, init?: RequestInit) => {
      requests.push({ url, init });
      return answer();
    },
  } as unknown as ToolContext;
  return { context, requests };
}

const latest = (context: ToolContext) => readLatestMcpServerVersionTool(definition).handler({}, context);

describe('read_mcp_server_version', () => {
  it('answers with the running package name and version, offline', async () => {
    const { context, requests } = contextWith(async () => new Response('{}'));
    expect(await readMcpServerVersionTool(definition).handler({}, context)).toEqual({ kind: 'data', data: { name: '@scope/quantconnect-mcp', version: '1.2.3' } });
    expect(requests).toEqual([]);
  });
});

describe('read_latest_mcp_server_version', () => {
  it("asks the registry for the package's latest version, the scope's slash escaped and trailing slashes dropped", async () => {
    const { context, requests } = contextWith(async () => Response.json({ version: '1.3.0' }), 'https://registry.example//');
    expect(await latest(context)).toEqual({
      kind: 'data',
      data: { name: '@scope/quantconnect-mcp', currentVersion: '1.2.3', latestVersion: '1.3.0', upToDate: false },
    });
    expect(requests).toHaveLength(1);
    expect(requests[0]?.url).toBe('https://registry.example/@scope%2Fquantconnect-mcp/latest');
    expect(requests[0]?.init?.headers).toEqual({ accept: 'application/json' });
    expect(requests[0]?.init?.signal).toBeInstanceOf(AbortSignal);
  });

  it('says up to date when the versions match', async () => {
    const { context } = contextWith(async () => Response.json({ version: '1.2.3' }));
    expect(await latest(context)).toMatchObject({ data: { latestVersion: '1.2.3', upToDate: true } });
  });

  it('explains a registry error with its status, the running version and what to do', async () => {
    const { context } = contextWith(async () => new Response('nope', { status: 503 }));
    await expect(latest(context)).rejects.toThrow(
      'Could not read the latest version of @scope/quantconnect-mcp from https://registry.example/ (the registry answered HTTP 503). The running version is 1.2.3; check the network and try again later.',
    );
  });

  it('an answer without a version is an error, not an empty version', async () => {
    const { context } = contextWith(async () => Response.json({ name: 'x' }));
    await expect(latest(context)).rejects.toThrow('(the registry answer has no version)');
  });

  it('a timeout says how long it waited; any other failure says what it was', async () => {
    const timedOut = contextWith(async () => {
      throw new DOMException('The operation timed out.', 'TimeoutError');
    });
    await expect(latest(timedOut.context)).rejects.toThrow('(no answer within 5 s)');
    const refused = contextWith(async () => {
      throw new TypeError('fetch failed');
    });
    await expect(latest(refused.context)).rejects.toThrow('(fetch failed)');
    const odd = contextWith(async () => {
      throw 'plain';
    });
    await expect(latest(odd.context)).rejects.toThrow('(plain)');
  });
});
