import { largeOptimizationBody, realResponses } from '@qc-mcp/api-client/testing';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveResourceUri, ResourceUriError, uris, withPage } from '../lib/resources.js';
import type { ToolContext, ToolDefinition } from '../lib/tool-definition.js';
import { compileErrors, compileView } from './compile.js';
import { filesView } from './files.js';
import { listView } from './list.js';
import { liveView } from './live.js';
import { optimizationView } from './optimization.js';
import { htmlText, reportView } from './report.js';
import { chartOutline, downsample, parseInclude, thinChart, ToolArgumentError, unixSeconds } from './shared.js';

/** QuantConnect-shaped JSON of any depth, as the tests read it. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const context = { resultMaxBytes: 100_000, now: () => 0 } as unknown as ToolContext;
const definition = (name: string) => ({ name }) as ToolDefinition;

describe('compileErrors', () => {
  it('reads C# and Python errors by file, line and column', () => {
    expect(
      compileErrors([
        'Build started',
        "main.cs(14,13): error CS0103: The name 'x' does not exist in the current context",
        'Build Error: File: main.py Line: 12 Column: 5 - invalid syntax',
        '  File "research/alpha.py", line 3, in <module>',
        'utils.cs(2,1): warning CS0168: unused variable',
        42,
      ]),
    ).toEqual([
      { file: 'main.cs', line: 14, column: 13, message: "CS0103: The name 'x' does not exist in the current context" },
      { file: 'main.py', line: 12, column: 5, message: 'invalid syntax' },
      // A traceback line names no error of its own: the whole line is the message.
      { file: 'research/alpha.py', line: 3, message: 'File "research/alpha.py", line 3, in <module>' },
    ]);
  });

  it('finds nothing in a clean build log', () => expect(compileErrors(['Build succeeded', 'Done'])).toEqual([]));

  it('a warning is skipped whatever its case; an error line that only says so keeps the whole line', () => {
    expect(compileErrors(['main.cs(1,1): WARNING CS1: x', '  File "main.py", line 9:   '])).toEqual([{ file: 'main.py', line: 9, message: 'File "main.py", line 9:' }]);
  });
});

describe('compileView', () => {
  const run = (data: Record<string, unknown>) => compileView({ data, sent: {}, local: {}, options: { name: 'compile' }, context, definition: definition('read_compile') });
  const failing = "main.cs(3,7): error CS1002: ; expected";

  it('adds the errors by file and line when the logs have any', async () => {
    expect(await run({ state: 'BuildError', logs: [failing] })).toEqual({
      kind: 'data',
      data: { state: 'BuildError', logs: [failing], compileErrors: [{ file: 'main.cs', line: 3, column: 7, message: 'CS1002: ; expected' }] },
    });
    expect(await run({ state: 'InQueue', logs: [failing] })).toMatchObject({ data: { compileErrors: [{ file: 'main.cs' }] } });
  });

  it('a failed build says it found no errors it could read, rather than saying nothing', async () => {
    expect(await run({ state: 'BuildError', logs: ['Build failed'] })).toEqual({ kind: 'data', data: { state: 'BuildError', logs: ['Build failed'], compileErrors: [] } });
    expect(await run({ state: 'BuildError' })).toEqual({ kind: 'data', data: { state: 'BuildError', compileErrors: [] } });
  });

  it('a clean build has no compileErrors member at all', async () => {
    expect(await run({ state: 'BuildSuccess', logs: ['Build succeeded', 'utils.cs(2,1): warning CS0168: unused'] })).toEqual({
      kind: 'data',
      data: { state: 'BuildSuccess', logs: ['Build succeeded', 'utils.cs(2,1): warning CS0168: unused'] },
    });
    expect(await run({ state: 'BuildSuccess', logs: 'not a list' })).toEqual({ kind: 'data', data: { state: 'BuildSuccess', logs: 'not a list' } });
  });
});

describe('htmlText', () => {
  it('keeps the words and drops scripts, styles, images and tags', () => {
    const html = '<html><head><style>p{color:red}</style><script>alert(1)</script></head><body><h1>Report</h1><p>Sharpe &amp; Sortino</p><img src="data:image/png;base64,AAAA"><table><tr><td>1.2</td><td>&lt;3</td></tr></table></body></html>';
    expect(htmlText(html)).toBe('Report\nSharpe & Sortino\n1.2 <3');
  });
});

describe('htmlText, every rule', () => {
  it('drops svg, closing tags with spaces and attributes, turns line breaks into lines and folds whitespace', () => {
    expect(htmlText('<SVG width="1"><path d="M0"/></SVG >a<br>b<br/>c<BR />d</div>e</li>f</h3>g</tr>h</P>i')).toBe('a\nb\nc\nd\ne\nf\ng\nh\ni');
    expect(htmlText('x&nbsp;&nbsp;y&quot;z&#39;w&gt;v \t  u')).toBe('x y"z\'w>v u');
    expect(htmlText('  <p>  one  </p>  \n\n  <p>two</p>  ')).toBe('one\ntwo');
    expect(htmlText('<img src="a.png" alt="chart">left<span class="k">right</span>')).toBe('left right');
  });
});

describe('reportView', () => {
  const html = '<html><body><h1>Réport</h1><script>x()</script><p>Net Profit 12%</p></body></html>'; // 82 characters, 83 bytes
  const run = (report: unknown, local: Record<string, unknown> = {}) =>
    reportView({ data: { report, success: true }, sent: { projectId: 7, backtestId: 'abc' }, local, options: { name: 'report' }, context, definition: definition('read_backtest_report') });

  it('answers with the text, the size of the HTML and where the HTML is', async () => {
    expect(await run(html)).toEqual({
      kind: 'data',
      data: { success: true, format: 'text', reportText: 'Réport\nNet Profit 12%', htmlBytes: 83, html: 'qc://projects/7/backtests/abc/report' },
      links: [{ uri: 'qc://projects/7/backtests/abc/report', name: 'report.html', description: 'The full HTML report, paged' }],
    });
  });

  it('format html returns the HTML itself; an answer without a report passes through', async () => {
    expect(await run(html, { format: 'html' })).toEqual({ kind: 'data', data: { report: html, success: true } });
    expect(await run(undefined)).toEqual({ kind: 'data', data: { report: undefined, success: true } });
  });
});

describe('downsample', () => {
  const values = Array.from({ length: 101 }, (_, index) => index);
  it('keeps evenly spaced points, the first and the last', () => {
    expect(downsample(values, 5)).toEqual([0, 25, 50, 75, 100]);
    expect(downsample(values, 2)).toEqual([0, 100]);
  });
  it('returns short series whole and a single point as the last', () => {
    expect(downsample([1, 2, 3], 10)).toEqual([1, 2, 3]);
    expect(downsample(values, 1)).toEqual([100]);
  });
});

describe('parseInclude', () => {
  it('splits name:detail and checks the name', () => {
    expect(parseInclude(['chart:Strategy Equity', 'rollingWindow'], ['chart', 'rollingWindow'], 't')).toEqual([
      { section: 'chart', detail: 'Strategy Equity' },
      { section: 'rollingWindow' },
    ]);
    expect(() => parseInclude(['orders'], ['chart'], 'read_x')).toThrow(new ToolArgumentError("read_x: include 'orders' names no section of this answer. Available: chart."));
    expect(parseInclude(undefined, [], 't')).toEqual([]);
  });
});

describe('unixSeconds', () => {
  it('reads both QuantConnect date forms as UTC', () => {
    expect(unixSeconds('2020-01-01T00:00:00Z')).toBe(1_577_836_800);
    expect(unixSeconds('2020-01-01 00:00:00')).toBe(1_577_836_800);
    expect(unixSeconds('soon')).toBeUndefined();
    expect(unixSeconds(null)).toBeUndefined();
  });
});

describe("unixSeconds, whatever the machine's time zone", () => {
  const zone = process.env.TZ;
  afterEach(() => {
    if (zone === undefined) delete process.env.TZ;
    else process.env.TZ = zone;
  });

  it("reads QuantConnect's space-separated form as UTC, with or without seconds", () => {
    process.env.TZ = 'Asia/Kolkata'; // UTC+05:30, so a local reading would be 19,800 s early
    expect(unixSeconds('2020-01-01 00:00:00')).toBe(1_577_836_800);
    expect(unixSeconds('2020-01-01 00:00')).toBe(1_577_836_800);
    expect(unixSeconds('2020-01-01 10:20:30')).toBe(1_577_836_800 + 37_230);
    expect(unixSeconds('2020-01-01T05:30:00+05:30')).toBe(1_577_836_800);
    expect(unixSeconds('')).toBeUndefined();
    expect(unixSeconds(1_577_836_800)).toBeUndefined();
  });
});

describe('parseInclude', () => {
  const available = ['charts', 'orders', 'rollingWindow'];
  it('splits a section from its detail at the first colon only', () => {
    expect(parseInclude(['rollingWindow:M1:x', 'orders', 'charts:'], available, 't')).toEqual([
      { section: 'rollingWindow', detail: 'M1:x' },
      { section: 'orders' },
      { section: 'charts', detail: '' },
    ]);
    expect(parseInclude(undefined, available, 't')).toEqual([]);
  });
  it('a leading colon is an empty section name, refused with what is available', () => {
    expect(() => parseInclude([':orders'], available, 'read_backtest')).toThrow(
      new ToolArgumentError("read_backtest: include ':orders' names no section of this answer. Available: charts, orders, rollingWindow."),
    );
    expect(() => parseInclude(['x'], [], 't')).toThrow("t: include 'x' names no section of this answer. Available: (none).");
  });
});

describe('thinChart and chartOutline', () => {
  const values = Array.from({ length: 10 }, (_, index) => [index, index * 2]);
  it('thin every series with values and count their points; other series pass through', () => {
    const chart = { name: 'Equity', series: { a: { values, unit: '$' }, b: { values: 'none' }, c: 3 } };
    expect(thinChart(chart, 4)).toEqual({
      name: 'Equity',
      series: { a: { values: [[0, 0], [3, 6], [6, 12], [9, 18]], unit: '$', pointsShown: 4, pointsTotal: 10 }, b: { values: 'none' }, c: 3 },
    });
    expect(thinChart(chart, 20)).toMatchObject({ series: { a: { pointsShown: 10, pointsTotal: 10 } } });
    expect(chartOutline(chart)).toEqual({ a: 10, b: 0, c: 0 });
  });
  it('a chart without series is returned as it came, and outlines as nothing', () => {
    expect(thinChart({ name: 'x' }, 4)).toEqual({ name: 'x' });
    expect(thinChart({ series: [values] }, 4)).toEqual({ series: [values] });
    expect(thinChart('x', 4)).toBe('x');
    expect(chartOutline({ series: [values] })).toEqual({});
    expect(chartOutline(null)).toEqual({});
  });
  it('downsample keeps every point when there are exactly as many as asked', () => {
    expect(downsample([1, 2, 3], 3)).toEqual([1, 2, 3]);
    expect(downsample([1, 2, 3, 4], 3)).toEqual([1, 3, 4]);
  });
});

describe('listView', () => {
  const data = { backtests: Array.from({ length: 120 }, (_, index) => ({ id: index })), success: true };
  const run = (local: Record<string, unknown>) =>
    listView({ data, sent: {}, local, options: { name: 'list', items: 'backtests', defaultLimit: 50 }, context, definition: definition('list_backtests') });

  it('returns the first page with where the next starts', async () => {
    const outcome = await run({});
    expect(outcome.kind === 'data' && outcome.data).toMatchObject({
      backtests: data.backtests.slice(0, 50),
      page: { offset: 0, limit: 50, returned: 50, total: 120, nextOffset: 50, next: 'call list_backtests again with offset 50 for the next 50' },
      success: true,
    });
  });

  it('the last page has no next', async () => {
    const outcome = await run({ offset: 100, limit: 50 });
    expect(outcome.kind === 'data' && outcome.data.page).toEqual({ offset: 100, limit: 50, returned: 20, total: 120, nextOffset: null });
  });
});

describe('optimizationView', () => {
  const names = ['alpha', 'sharpe ratio', 'drawdown (%)'];
  const body = {
    optimization: {
      optimizationId: 'O-1',
      status: 'completed',
      criterion: { target: 'TotalPerformance.PortfolioStatistics.SharpeRatio', extremum: 'max' },
      backtests: {
        a: { id: 'a', statistics: [0.1, 0.5, 3], equity: [[1, 1]] },
        b: { id: 'b', statistics: [0.2, 1.5, 9], equity: [[1, 1]] },
        c: { id: 'c', statistics: [0.3, 1.0, 4], equity: [[1, 1]] },
      },
    },
    success: true,
  };
  const run = (local: Record<string, unknown>, criterion = body.optimization.criterion) =>
    optimizationView({
      data: { ...body, optimization: { ...body.optimization, criterion } },
      sent: { optimizationId: 'O-1' },
      local,
      options: { name: 'optimization', statistics: names, defaultTop: 2, inline: ['criterion'] },
      context,
      definition: definition('read_optimization'),
    });

  it('ranks backtests by the target, names their statistics and drops the equity curves', async () => {
    const outcome = await run({});
    const data = outcome.kind === 'data' ? (outcome.data as Json) : {};
    expect(data.optimization.backtests).toEqual([
      { id: 'b', statistics: { alpha: 0.2, 'sharpe ratio': 1.5, 'drawdown (%)': 9 }, equityPoints: 1 },
      { id: 'c', statistics: { alpha: 0.3, 'sharpe ratio': 1.0, 'drawdown (%)': 4 }, equityPoints: 1 },
    ]);
    expect(data.ranking).toBe('highest sharpe ratio first');
    expect(data.counts).toEqual({ backtests: 3 });
    expect(data.sections).toEqual({ backtests: 'qc://optimizations/O-1/backtests' });
  });

  it('minimises when the extremum says so, and lists them all with include backtests', async () => {
    const outcome = await run({ include: ['backtests'] }, { target: 'TotalPerformance.PortfolioStatistics.Drawdown', extremum: 'min' });
    const data = outcome.kind === 'data' ? (outcome.data as Json) : {};
    expect(data.optimization.backtests.map((backtest: { id: string }) => backtest.id)).toEqual(['a', 'c', 'b']);
    expect(data.ranking).toBe('lowest drawdown (%) first');
  });

  it('with include equity keeps the curves; limit picks how many; extra statistics are numbered; the link counts all', async () => {
    const outcome = await run({ include: ['equity'], limit: 1 });
    expect(outcome).toEqual({
      kind: 'data',
      data: {
        success: true,
        optimization: {
          optimizationId: 'O-1',
          status: 'completed',
          criterion: { target: 'TotalPerformance.PortfolioStatistics.SharpeRatio', extremum: 'max' },
          backtests: [{ id: 'b', statistics: { alpha: 0.2, 'sharpe ratio': 1.5, 'drawdown (%)': 9 }, equity: [[1, 1]] }],
        },
        counts: { backtests: 3 },
        ranking: 'highest sharpe ratio first',
        sections: { backtests: 'qc://optimizations/O-1/backtests' },
      },
      links: [{ uri: 'qc://optimizations/O-1/backtests', name: 'backtests', description: 'All 3 backtests of this optimization, best first' }],
    });
  });

  it('a target that is not a named statistic keeps QuantConnect order and says so; missing values rank last either way', async () => {
    const unnamed = await run({ include: ['backtests'] }, { target: 'TotalPerformance.PortfolioStatistics.Beta', extremum: 'max' });
    const data = unnamed.kind === 'data' ? (unnamed.data as Json) : {};
    expect(data.optimization.backtests.map((backtest: { id: string }) => backtest.id)).toEqual(['a', 'b', 'c']);
    expect(data.ranking).toBe('QuantConnect order (the target statistic is not one of the named statistics)');
    const noTarget = await run({}, {} as never);
    expect(noTarget.kind === 'data' && (noTarget.data as Json).ranking).toBe('QuantConnect order (the target statistic is not one of the named statistics)');

    const odd = (extremum: string) =>
      optimizationView({
        data: { optimization: { criterion: { target: 'Alpha', extremum }, backtests: [{ id: 'x', statistics: ['n/a'] }, { id: 'y', statistics: [0.5, 1, 1, 7] }, 'junk'] } },
        sent: { optimizationId: 'O-9' },
        local: { include: ['backtests'] },
        options: { name: 'optimization', statistics: names },
        context,
        definition: definition('read_optimization'),
      });
    const lowest = (await odd('Minimum')) as Json;
    expect(lowest.data.ranking).toBe('lowest alpha first');
    expect(lowest.data.optimization.backtests[0]).toEqual({ id: 'y', statistics: { alpha: 0.5, 'sharpe ratio': 1, 'drawdown (%)': 1, '#3': 7 }, equityPoints: 0 });
    expect(lowest.data.optimization.backtests.slice(1)).toContainEqual({ id: 'x', statistics: { alpha: 'n/a' }, equityPoints: 0 });
    expect(lowest.data.sections).toEqual({ backtests: 'qc://optimizations/O-9/backtests' });
    const highest = (await odd('MAX')) as Json;
    expect(highest.data.ranking).toBe('highest alpha first');
    expect(highest.data.optimization.backtests[0].id).toBe('y');
  });

  it('keeps the recorded body readable and a 400-backtest body small', async () => {
    const big = largeOptimizationBody();
    const outcome = await optimizationView({
      data: big,
      sent: { optimizationId: 'O-1' },
      local: {},
      options: { name: 'optimization', statistics: names, defaultTop: 5 },
      context,
      definition: definition('read_optimization'),
    });
    expect(outcome.kind === 'data' && JSON.stringify(outcome.data).length).toBeLessThan(10_000);
    expect(realResponses['optimizations-read.optimization']).toBeDefined();
  });
});

describe('filesView', () => {
  const small = { resultMaxBytes: 1_000, now: () => 0 } as unknown as ToolContext;
  const run = (files: unknown, share?: number) =>
    filesView({
      data: { files, success: true },
      sent: { projectId: 7 },
      local: {},
      options: share === undefined ? { name: 'files' } : { name: 'files', contentShare: share },
      context: small,
      definition: definition('read_file'),
    });

  it('inlines contents while they fit 40% of the budget and links the rest, keeping the whole list', async () => {
    const outcome = await run([
      { name: 'main.py', content: 'a'.repeat(300) },
      { name: 'big.py', content: 'b'.repeat(200) },
      { name: 'tail.py', content: 'c'.repeat(100) },
      { name: 'folder' },
    ]);
    expect(outcome).toEqual({
      kind: 'data',
      data: {
        files: [
          { name: 'main.py', content: 'a'.repeat(300), bytes: 300 },
          { name: 'big.py', bytes: 200, content: null, contentOmitted: 'too large to inline here; read the resource qc://projects/7/files/big.py' },
          { name: 'tail.py', content: 'c'.repeat(100), bytes: 100 },
          { name: 'folder' },
        ],
        success: true,
      },
      links: [{ uri: 'qc://projects/7/files/big.py', name: 'big.py', description: 'big.py (200 bytes), paged' }],
    });
  });

  it('a file exactly the size of the room left still fits; the share is an overlay option', async () => {
    const exact = await run([{ name: 'a.py', content: 'a'.repeat(400) }]);
    expect(exact).toEqual({ kind: 'data', data: { files: [{ name: 'a.py', content: 'a'.repeat(400), bytes: 400 }], success: true } });
    const wider = await run([{ name: 'a.py', content: 'a'.repeat(900) }], 0.9);
    expect(wider.kind === 'data' && (wider.data as Json).files[0].bytes).toBe(900);
    expect(wider.kind === 'data' && (wider.data as Json).files[0].content).toHaveLength(900);
  });

  it('counts bytes, not characters', async () => {
    const outcome = await run([{ name: 'é.py', content: 'é'.repeat(300) }]);
    expect(outcome.kind === 'data' && (outcome.data as Json).files[0]).toMatchObject({ bytes: 600, content: null });
  });

  it('passes an answer without a file list through unchanged', async () => {
    expect(await run(undefined)).toEqual({ kind: 'data', data: { files: undefined, success: true } });
  });
});

describe('liveView', () => {
  const body = {
    projectId: 7,
    deployId: 'L-abc',
    status: 'Running',
    launched: '2026-01-02 03:04:05',
    files: [{ name: 'main.py', content: 'é'.repeat(10) }, 'odd'],
    charts: { 'Strategy Equity': { name: 'Strategy Equity', series: { Equity: { values: [[1, 2]] } } } },
    success: true,
  };
  const run = (data: Record<string, unknown>) =>
    liveView({ data, sent: { projectId: 7 }, local: {}, options: { name: 'live', inline: ['status', 'deployId'] }, context, definition: definition('read_live_algorithm') });

  it('lists files by name and size, outlines charts and links orders, logs and sections', async () => {
    const outcome = await run(body);
    const result = outcome.kind === 'data' ? (outcome.data as Json) : {};
    expect(result.fileList).toEqual([{ name: 'main.py', bytes: 20 }, 'odd']);
    expect(result.status).toBe('Running');
    expect(result.charts).toEqual({ 'Strategy Equity': { Equity: 1 } });
    expect(result.sections).toMatchObject({ orders: 'qc://projects/7/live/orders?start=0&end=100', logs: 'qc://projects/7/live/logs/L-abc?startLine=0&endLine=250' });
    expect(JSON.stringify(result)).not.toContain('éééé');
    const links = outcome.kind === 'data' ? outcome.links ?? [] : [];
    expect(links[0]).toEqual({ uri: 'qc://projects/7/live/orders?start=0&end=100', name: 'orders', description: 'Orders of this live algorithm, 100 at a time' });
    expect(links.at(-1)).toEqual({ uri: 'qc://projects/7/live/logs/L-abc?startLine=0&endLine=250', name: 'logs', description: 'Log lines of this deployment, 250 at a time' });
  });

  it('without a deployment id there is no logs link, and no file list is an empty one', async () => {
    const { deployId: _deployId, files: _files, ...rest } = body;
    const outcome = await run(rest);
    const result = outcome.kind === 'data' ? (outcome.data as Json) : {};
    expect(result.fileList).toEqual([]);
    expect(result.sections.logs).toBeUndefined();
    const links = outcome.kind === 'data' ? outcome.links ?? [] : [];
    expect(links.map((entry) => entry.name)).not.toContain('logs');
  });
});

describe('resource URIs', () => {
  it('round-trip: every URI a view builds resolves to the call it stands for', () => {
    expect(resolveResourceUri(uris.backtestChart(7, 'abc', 'Strategy Equity'))).toMatchObject({
      tool: 'read_backtest',
      args: { projectId: 7, backtestId: 'abc', include: ['chart:Strategy Equity'], points: 200 },
      path: '/backtest/charts/Strategy Equity',
      page: 1,
    });
    expect(resolveResourceUri(withPage(uris.backtestSection(7, 'abc', 'rollingWindow'), 3))).toMatchObject({
      tool: 'read_backtest',
      args: { include: ['rollingWindow'] },
      path: '/backtest/rollingWindow',
      page: 3,
    });
    expect(resolveResourceUri(uris.backtestOrders(7, 'abc'))).toMatchObject({ tool: 'read_backtest_orders', args: { projectId: 7, backtestId: 'abc', start: 0, end: 99 } });
    expect(resolveResourceUri(uris.file(7, 'research/main notebook.ipynb'))).toMatchObject({
      tool: 'read_file',
      args: { projectId: 7, name: 'research/main notebook.ipynb' },
      path: '/files/0/content',
    });
    expect(resolveResourceUri(uris.liveLogs(7, 'L-1'))).toMatchObject({ tool: 'read_live_logs', args: { projectId: 7, algorithmId: 'L-1', startLine: 0, endLine: 250 } });
    expect(resolveResourceUri(uris.objectStoreKey('org', 'models/w.json'))).toMatchObject({ tool: 'read_object_properties', args: { organizationId: 'org', key: 'models/w.json' } });
    const generic = resolveResourceUri(uris.result('read_project', { projectId: 5, note: 'a&b' }, '/projects/2'));
    expect(generic).toMatchObject({ tool: 'read_project', args: { projectId: 5, note: 'a&b' }, path: '/projects/2' });
  });

  it('an orders window defaults to 100 from its start', () => {
    expect(resolveResourceUri('qc://projects/1/backtests/b/orders?start=200')).toMatchObject({ args: { start: 200, end: 299 } });
  });

  it('refuses what it cannot read, saying why', () => {
    expect(() => resolveResourceUri('qc://projects/x/backtests/b')).toThrow(new ResourceUriError("'x' is not a whole number."));
    expect(() => resolveResourceUri('qc://projects/1/backtests/b?page=0')).toThrow('page starts at 1.');
    expect(() => resolveResourceUri('qc://results/read_project?arguments=%7Bnot')).toThrow("'arguments' must be the tool's arguments as JSON.");
    expect(() => resolveResourceUri('qc://projects/1/files/%E0%A4%A')).toThrow(/bad percent-encoding/);
  });
});
