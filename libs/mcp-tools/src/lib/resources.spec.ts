import { describe, expect, it } from 'vitest';
import { RESOURCE_TEMPLATES, resolveResourceUri, ResourceUriError, uris, withPage } from './resources.js';

/** Every template, read from a literal URI, with the call it stands for written out by hand. */
const table: [string, Record<string, unknown>][] = [
  [
    'qc://projects/7/backtests/abc/charts/Strategy%20Equity?points=50',
    { template: 'backtest-chart', tool: 'read_backtest', args: { projectId: 7, backtestId: 'abc', include: ['chart:Strategy Equity'], points: 50 }, path: '/backtest/charts/Strategy Equity', page: 1 },
  ],
  ['qc://projects/7/backtests/abc/orders', { tool: 'read_backtest_orders', args: { projectId: 7, backtestId: 'abc', start: 0, end: 99 }, path: '', page: 1 }],
  ['qc://projects/7/backtests/abc/insights?start=10', { tool: 'read_backtest_insights', args: { projectId: 7, backtestId: 'abc', start: 10, end: 109 }, path: '' }],
  ['qc://projects/7/backtests/abc/insights?start=10&end=20', { tool: 'read_backtest_insights', args: { projectId: 7, backtestId: 'abc', start: 10, end: 20 }, path: '' }],
  ['qc://projects/7/backtests/abc/report?page=2', { tool: 'read_backtest_report', args: { projectId: 7, backtestId: 'abc', format: 'html' }, path: '/report', page: 2 }],
  ['qc://projects/7/backtests/abc/sections/a~b%2Fc', { tool: 'read_backtest', args: { projectId: 7, backtestId: 'abc', include: ['a~b/c'] }, path: '/backtest/a~0b~1c' }],
  ['qc://projects/7/backtests/abc', { template: 'backtest', tool: 'read_backtest', args: { projectId: 7, backtestId: 'abc' }, path: '' }],
  ['qc://projects/7/live/charts/Benchmark', { template: 'live-chart', tool: 'read_live_algorithm', args: { projectId: 7, include: ['chart:Benchmark'], points: 200 }, path: '/charts/Benchmark' }],
  ['qc://projects/7/live/charts/Benchmark?points=50', { tool: 'read_live_algorithm', args: { projectId: 7, include: ['chart:Benchmark'], points: 50 } }],
  ['qc://projects/7/live/charts/Benchmark?points=', { tool: 'read_live_algorithm', args: { projectId: 7, include: ['chart:Benchmark'], points: 200 } }],
  ['qc://projects/7/live/logs/L-1?startLine=10&endLine=20', { tool: 'read_live_logs', args: { projectId: 7, algorithmId: 'L-1', startLine: 10, endLine: 20 } }],
  ['qc://projects/7/live/orders?start=5', { tool: 'read_live_orders', args: { projectId: 7, start: 5, end: 105 }, path: '' }],
  ['qc://projects/7/live/logs/L-1?startLine=500', { tool: 'read_live_logs', args: { projectId: 7, algorithmId: 'L-1', startLine: 500, endLine: 750 }, path: '' }],
  ['qc://projects/7/live/logs/L-1', { tool: 'read_live_logs', args: { projectId: 7, algorithmId: 'L-1', startLine: 0, endLine: 250 }, path: '' }],
  ['qc://projects/7/live/sections/runtimeStatistics', { tool: 'read_live_algorithm', args: { projectId: 7, include: ['runtimeStatistics'] }, path: '/runtimeStatistics' }],
  ['qc://projects/7/live', { template: 'live', tool: 'read_live_algorithm', args: { projectId: 7 }, path: '' }],
  ['qc://projects/7/files/research/a%20b.ipynb', { tool: 'read_file', args: { projectId: 7, name: 'research/a b.ipynb' }, path: '/files/0/content' }],
  ['qc://optimizations/O-1/backtests', { tool: 'read_optimization', args: { optimizationId: 'O-1', include: ['backtests'] }, path: '/optimization/backtests' }],
  ['qc://optimizations/O-1', { template: 'optimization', tool: 'read_optimization', args: { optimizationId: 'O-1' }, path: '' }],
  ['qc://object-store/org-1/models/m%201.bin', { tool: 'read_object_properties', args: { organizationId: 'org-1', key: 'models/m 1.bin' }, path: '' }],
  [
    'qc://results/list_backtests?arguments=%7B%22projectId%22%3A7%7D&path=%2Fbacktests',
    { template: 'tool-result', tool: 'list_backtests', args: { projectId: 7 }, path: '/backtests', page: 1 },
  ],
  ['qc://results/read_account', { tool: 'read_account', args: {}, path: '' }],
];

describe('resolveResourceUri', () => {
  it.each(table)('%s', (uri, call) => {
    expect(resolveResourceUri(uri)).toMatchObject(call);
  });

  it('the table covers every template', () => {
    const names = new Set(table.map(([uri]) => resolveResourceUri(uri).template));
    expect([...names].sort()).toEqual(RESOURCE_TEMPLATES.map((template) => template.name).sort());
  });

  it.each([
    ['http://projects/7/live', 'Resource URIs start with qc://; got \'http://projects/7/live\'.'],
    ['qc://projects/7/live?page=0', 'page starts at 1.'],
    ['qc://projects/7/live?page=1.5', "'1.5' is not a whole number."],
    ['qc://projects/x7/live', "'x7' is not a whole number."],
    ['qc://projects/7/files/a%E0%A4', "'qc://projects/7/files/a%E0%A4' is not a valid URI (bad percent-encoding)."],
    ['qc://results/read_account?arguments=%7Bx', "'arguments' must be the tool's arguments as JSON."],
    ['qc://results/read_account?arguments=%5B1%5D', "'arguments' must be a JSON object."],
    ['qc://results/read_account?arguments=null', "'arguments' must be a JSON object."],
    ['qc://results/read_account?arguments=3', "'arguments' must be a JSON object."],
  ])('%s is refused: %s', (uri, message) => {
    expect(() => resolveResourceUri(uri)).toThrow(new ResourceUriError(message));
    expect(() => resolveResourceUri(uri)).toThrow(expect.objectContaining({ name: 'ResourceUriError' }));
  });

  it.each([
    'qc://projects/7/files',
    'qc://projects/7/files/',
    'qc://projects/7/files/a//b',
    'qc://projects//live',
    'qc://projects/7/live/extra/more',
    'qc://projects/7/backtests/abc/orders/more',
    'qc://object-store/org-1/',
  ])('%s matches no template, and the error lists them', (uri) => {
    expect(() => resolveResourceUri(uri)).toThrow(`No resource matches '${uri}'. Resource templates: qc://projects/{projectId}/backtests/{backtestId}/charts/{name}{?points}, `);
  });

  it('quotes at most 80 characters of a URI of another scheme, and 200 of one that is badly encoded', () => {
    const other = `http://${'x'.repeat(100)}`;
    expect(() => resolveResourceUri(other)).toThrow(new ResourceUriError(`Resource URIs start with qc://; got '${other.slice(0, 80)}'.`));
    const bad = `qc://projects/7/files/${'y'.repeat(300)}%E0%A4`;
    expect(() => resolveResourceUri(bad)).toThrow(new ResourceUriError(`'${bad.slice(0, 200)}' is not a valid URI (bad percent-encoding).`));
  });

  it('quotes at most 200 characters of an unmatched URI', () => {
    const uri = `qc://nothing/${'x'.repeat(300)}`;
    expect(() => resolveResourceUri(uri)).toThrow(`No resource matches '${uri.slice(0, 200)}'. Resource templates:`);
  });
});

describe('uris', () => {
  it('builds each link as written, escaping every segment', () => {
    expect(uris.backtestInsights(7, 'a b')).toBe('qc://projects/7/backtests/a%20b/insights?start=0&end=99');
    expect(uris.backtestReport(7, 'abc')).toBe('qc://projects/7/backtests/abc/report');
    expect(uris.liveChart(7, 'Strategy Equity')).toBe('qc://projects/7/live/charts/Strategy%20Equity');
    expect(uris.liveSection(7, 'a/b')).toBe('qc://projects/7/live/sections/a%2Fb');
    expect(uris.objectStoreKey('org', '//models/m 1.bin')).toBe('qc://object-store/org/models/m%201.bin');
    expect(uris.optimizationBacktests('O 1')).toBe('qc://optimizations/O%201/backtests');
    expect(uris.result('read_account', { a: 1 }, '/x')).toBe('qc://results/read_account?arguments=%7B%22a%22%3A1%7D&path=%2Fx');
  });

  it('withPage adds the page with ? or &', () => {
    expect(withPage('qc://projects/7/live', 2)).toBe('qc://projects/7/live?page=2');
    expect(withPage('qc://projects/7/live/orders?start=0&end=100', 3)).toBe('qc://projects/7/live/orders?start=0&end=100&page=3');
  });
});
