import { ConfigError } from '@qc-mcp/mcp-server';
import { describe, expect, it } from 'vitest';
import { parseCli, USAGE } from './cli.js';

const defaults = { http: false, host: '127.0.0.1', port: 8000, toolsets: undefined, readOnly: undefined, liveTrading: undefined, listTools: false, help: false, version: false };

describe('parseCli', () => {
  it('defaults to stdio on 127.0.0.1:8000 with everything else left to the environment', () => {
    expect(parseCli([], {})).toEqual(defaults);
  });

  it('reads every flag', () => {
    expect(
      parseCli(['--http', '--host', '0.0.0.0', '--port', '9000', '--toolsets', 'core,files', '--read-only', '--live-trading', 'off', '--list-tools', '-h', '-v'], {}),
    ).toEqual({ http: true, host: '0.0.0.0', port: 9000, toolsets: 'core,files', readOnly: true, liveTrading: 'off', listTools: true, help: true, version: true });
    expect(parseCli(['--help', '--version'], {})).toMatchObject({ help: true, version: true });
  });

  it('takes host, port and read-only from the environment, and flags win', () => {
    const env = { MCP_HOST: '::1', MCP_PORT: '7000', MCP_READ_ONLY: 'true' };
    expect(parseCli([], env)).toMatchObject({ host: '::1', port: 7000, readOnly: true });
    expect(parseCli(['--host', 'localhost', '--port', '7100'], env)).toMatchObject({ host: 'localhost', port: 7100 });
    expect(parseCli([], { MCP_READ_ONLY: 'false' }).readOnly).toBe(false);
    expect(parseCli(['--read-only'], { MCP_READ_ONLY: 'false' }).readOnly).toBe(true);
  });

  it.each(['0', '65535', '8080'])('accepts port %s', (port) => {
    expect(parseCli(['--port', port], {}).port).toBe(Number(port));
  });

  it.each(['-1', '65536', '80.5', 'http', '', ' '])('refuses port %j, saying what a port is', (port) => {
    expect(() => parseCli([`--port=${port}`], {})).toThrow(new ConfigError(`The port must be a whole number from 0 to 65535, got "${port}".`));
  });

  it('refuses a port from the environment the same way', () => {
    expect(() => parseCli([], { MCP_PORT: 'eighty' })).toThrow('The port must be a whole number from 0 to 65535, got "eighty".');
    expect(() => parseCli([], { MCP_PORT: '' })).toThrow('The port must be a whole number from 0 to 65535, got "".');
  });

  it('refuses an empty --toolsets, saying how to ask for all', () => {
    expect(() => parseCli(['--toolsets', ' '], {})).toThrow(
      new ConfigError('--toolsets needs a value: a comma list such as projects,files,backtests (or leave the flag out for all).'),
    );
  });

  it('refuses an unknown flag or a missing value as a configuration mistake that points at --help', () => {
    const unknown = () => parseCli(['--nope'], {});
    expect(unknown).toThrow(ConfigError);
    expect(unknown).toThrow(/^Unknown option '--nope'.*\. Run quantconnect-mcp --help for the options\.$/);
    expect(() => parseCli(['--port'], {})).toThrow(/Option '--port <value>' argument missing\. Run quantconnect-mcp --help/);
    expect(() => parseCli(['extra'], {})).toThrow(/Unexpected argument 'extra'/);
  });

  it('refuses an MCP_READ_ONLY it cannot read', () => {
    expect(() => parseCli([], { MCP_READ_ONLY: 'maybe' })).toThrow(new ConfigError('MCP_READ_ONLY must be true or false, got "maybe".'));
  });
});

describe('USAGE', () => {
  it('names every flag, every variable and every exit code', () => {
    for (const flag of ['--http', '--host', '--port', '--toolsets', '--read-only', '--live-trading', '--list-tools', '--version', '--help']) expect(USAGE).toContain(flag);
    for (const name of [
      'QUANTCONNECT_USER_ID',
      'QUANTCONNECT_API_TOKEN',
      'QUANTCONNECT_API_BASE_URL',
      'QUANTCONNECT_TIMEOUT_MS',
      'QUANTCONNECT_MAX_RESPONSE_BYTES',
      'AGENT_NAME',
      'MCP_TOOLSETS',
      'MCP_READ_ONLY',
      'MCP_LIVE_TRADING',
      'MCP_HOST',
      'MCP_PORT',
      'MCP_AUTH_TOKEN',
      'MCP_ALLOWED_ORIGINS',
      'MCP_RESULT_MAX_BYTES',
      'MCP_MAX_WAIT_SECONDS',
      'NPM_CONFIG_REGISTRY',
    ]) {
      expect(USAGE).toContain(name);
    }
    expect(USAGE).toMatch(/^ {2}0 {2}stopped cleanly$/m);
    expect(USAGE).toMatch(/^ {2}1 {2}could not run/m);
    expect(USAGE).toMatch(/^ {2}2 {2}a configuration mistake/m);
  });
});
