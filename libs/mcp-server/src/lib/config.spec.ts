import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, missingCredentials, parseBoolean, parseLiveTrading, parseToolsets } from './config.js';
import { BATCH_REFUSED, jsonRpcError } from './json-rpc.js';

const refused = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).name).toBe('ConfigError');
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
};

describe('every documented configuration value', () => {
  it('defaults, with nothing set', () => {
    expect(loadConfig({})).toEqual({
      userId: undefined,
      apiToken: undefined,
      baseUrl: undefined,
      agentName: 'QuantConnect MCP Server',
      toolsets: undefined,
      readOnly: false,
      timeoutMs: undefined,
      resultMaxBytes: 100_000,
      maxWaitSeconds: 50,
      maxResponseBytes: 33_554_432,
      liveTrading: 'confirm',
      version: '0.0.0',
      packageName: 'quantconnect-mcp',
      registryUrl: 'https://registry.npmjs.org',
    });
  });

  it('reads each variable, trimmed', () => {
    const config = loadConfig(
      {
        QUANTCONNECT_USER_ID: ' 42 ',
        QUANTCONNECT_API_TOKEN: ' secret-token ',
        QUANTCONNECT_API_BASE_URL: ' https://qc.example/api/v2 ',
        AGENT_NAME: ' Claude ',
        MCP_TOOLSETS: 'files, Backtests',
        MCP_READ_ONLY: 'yes',
        QUANTCONNECT_TIMEOUT_MS: '1500',
        MCP_RESULT_MAX_BYTES: '4096',
        MCP_MAX_WAIT_SECONDS: '0',
        QUANTCONNECT_MAX_RESPONSE_BYTES: '1024',
        MCP_LIVE_TRADING: ' Off ',
        NPM_CONFIG_REGISTRY: ' https://registry.example ',
      },
      {},
      '9.9.9',
    );
    expect(config).toEqual({
      userId: '42',
      apiToken: 'secret-token',
      baseUrl: 'https://qc.example/api/v2',
      agentName: 'Claude',
      toolsets: ['files', 'backtests'],
      readOnly: true,
      timeoutMs: 1500,
      resultMaxBytes: 4096,
      maxWaitSeconds: 0,
      maxResponseBytes: 1024,
      liveTrading: 'off',
      version: '9.9.9',
      packageName: 'quantconnect-mcp',
      registryUrl: 'https://registry.example',
    });
  });

  it('blank values count as not set', () => {
    const config = loadConfig({ QUANTCONNECT_USER_ID: ' ', QUANTCONNECT_API_TOKEN: '', QUANTCONNECT_API_BASE_URL: '  ', AGENT_NAME: ' ', MCP_RESULT_MAX_BYTES: ' ', MCP_LIVE_TRADING: ' ', NPM_CONFIG_REGISTRY: ' ' });
    expect(config).toMatchObject({ userId: undefined, apiToken: undefined, baseUrl: undefined, agentName: 'QuantConnect MCP Server', resultMaxBytes: 100_000, liveTrading: 'confirm', registryUrl: 'https://registry.npmjs.org' });
  });

  it('flags win over the environment', () => {
    const config = loadConfig({ MCP_TOOLSETS: 'ai', MCP_READ_ONLY: 'true', MCP_LIVE_TRADING: 'on' }, { toolsets: 'files', readOnly: false, liveTrading: 'off' });
    expect(config).toMatchObject({ toolsets: ['files'], readOnly: false, liveTrading: 'off' });
  });

  it.each([
    [{ QUANTCONNECT_TIMEOUT_MS: 'soon' }, 'QUANTCONNECT_TIMEOUT_MS must be a positive number of milliseconds, got "soon".'],
    [{ QUANTCONNECT_TIMEOUT_MS: '0' }, 'QUANTCONNECT_TIMEOUT_MS must be a positive number of milliseconds, got "0".'],
    [{ QUANTCONNECT_TIMEOUT_MS: '-5' }, 'QUANTCONNECT_TIMEOUT_MS must be a positive number of milliseconds, got "-5".'],
    [{ MCP_RESULT_MAX_BYTES: '4095' }, 'MCP_RESULT_MAX_BYTES must be a whole number of at least 4096, got "4095".'],
    [{ MCP_RESULT_MAX_BYTES: '5000.5' }, 'MCP_RESULT_MAX_BYTES must be a whole number of at least 4096, got "5000.5".'],
    [{ MCP_MAX_WAIT_SECONDS: '-1' }, 'MCP_MAX_WAIT_SECONDS must be a whole number of at least 0, got "-1".'],
    [{ QUANTCONNECT_MAX_RESPONSE_BYTES: 'lots' }, 'QUANTCONNECT_MAX_RESPONSE_BYTES must be a whole number of at least 1024, got "lots".'],
    [{ MCP_READ_ONLY: 'maybe' }, 'MCP_READ_ONLY must be true or false, got "maybe".'],
    [{ MCP_LIVE_TRADING: 'yes' }, 'MCP_LIVE_TRADING must be off, confirm or on, got "yes".'],
    [{ QUANTCONNECT_API_BASE_URL: 'http://qc.example/api/v2' }, 'QUANTCONNECT_API_BASE_URL must use https (plain http only to localhost), got http://qc.example.'],
  ])('refuses %o, saying what to fix', (env, message) => {
    expect(refused(() => loadConfig(env))).toBe(message);
  });

  it('accepts a timeout of 1 ms and a wait of 0 s, the smallest valid values', () => {
    expect(loadConfig({ QUANTCONNECT_TIMEOUT_MS: '1', MCP_MAX_WAIT_SECONDS: '0', MCP_RESULT_MAX_BYTES: '4096', QUANTCONNECT_MAX_RESPONSE_BYTES: '1024' })).toMatchObject({
      timeoutMs: 1,
      maxWaitSeconds: 0,
      resultMaxBytes: 4096,
      maxResponseBytes: 1024,
    });
  });
});

describe('parseToolsets', () => {
  it('is all for nothing, blank or "all", in any case', () => {
    for (const value of [undefined, '', '  ', 'all', ' ALL ']) expect(parseToolsets(value), String(value)).toBeUndefined();
  });

  it('trims, lowercases, drops empty entries and duplicates, keeps order', () => {
    expect(parseToolsets(' Files ,, backtests,files,CORE ')).toEqual(['files', 'backtests', 'core']);
  });

  it('names every unknown one, and lists the valid toolsets and presets', () => {
    expect(refused(() => parseToolsets('files,trading'))).toBe(
      'Unknown toolset: trading. Valid toolsets: account, projects, files, compile, backtests, optimizations, live, object-store, meta, ai; presets: core (or "all").',
    );
    expect(refused(() => parseToolsets('x, y'))).toMatch(/^Unknown toolsets: x, y\. Valid/);
  });
});

describe('parseBoolean', () => {
  it.each([
    ['1', true],
    ['true', true],
    [' YES ', true],
    ['on', true],
    ['0', false],
    ['false', false],
    ['No', false],
    ['off', false],
    ['', false],
    [undefined, false],
  ])('%s is %s', (value, expected) => expect(parseBoolean('X', value)).toBe(expected));
});

describe('parseLiveTrading', () => {
  it('takes off, confirm and on in any case, and the fallback for nothing', () => {
    expect(['OFF', ' confirm ', 'On'].map((value) => parseLiveTrading(value, 'off'))).toEqual(['off', 'confirm', 'on']);
    expect(parseLiveTrading(undefined, 'on')).toBe('on');
    expect(parseLiveTrading('  ', 'off')).toBe('off');
  });
});

describe('missingCredentials', () => {
  it('names what is not set', () => {
    expect(missingCredentials({})).toEqual(['QUANTCONNECT_USER_ID', 'QUANTCONNECT_API_TOKEN']);
    expect(missingCredentials({ userId: '1' })).toEqual(['QUANTCONNECT_API_TOKEN']);
    expect(missingCredentials({ apiToken: 't' })).toEqual(['QUANTCONNECT_USER_ID']);
    expect(missingCredentials({ userId: '1', apiToken: 't' })).toEqual([]);
  });
});

describe('JSON-RPC refusals', () => {
  it('answer no request, with a code and a message', () => {
    expect(jsonRpcError(-32700, 'Parse error')).toEqual({ jsonrpc: '2.0', error: { code: -32700, message: 'Parse error' }, id: null });
    expect(BATCH_REFUSED).toEqual({
      jsonrpc: '2.0',
      error: { code: -32600, message: 'JSON-RPC batches are not supported (MCP removed them in 2025-06-18): send one message per request.' },
      id: null,
    });
  });
});
