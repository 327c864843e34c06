import { largeBacktestBody, largeLiveBody, largeOptimizationBody, largeReportBody, realResponses } from '@qc-mcp/api-client/testing';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, qcApi, textOf } from '../testing/harness.js';

/** The tests read QuantConnect-shaped JSON of any depth. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

/** Bytes of a whole tool result as it travels: text, structuredContent and links together. */
const resultBytes = (result: unknown) => Buffer.byteLength(JSON.stringify(result), 'utf8');
const BUDGET = 100_000;
const body = largeBacktestBody();
const backtest = body.backtest as Record<string, Json>;
const PROJECT = backtest.projectId as number;
const ID = backtest.backtestId as string;

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

const readBacktest = (times = 1) => qcApi().post('/api/v2/backtests/read', { projectId: PROJECT, backtestId: ID }).times(times).reply(200, body);

describe('read_backtest on a 2.4 MB body', () => {
  it('the body really is over 2 MB', () => expect(JSON.stringify(body).length).toBeGreaterThan(2_000_000));

  it('answers a summary within the budget that keeps status, errors and every statistic', async () => {
    readBacktest();
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_backtest', arguments: { projectId: PROJECT, backtestId: ID } });
    expect(result.isError).toBeFalsy();
    expect(resultBytes(result)).toBeLessThanOrEqual(BUDGET);
    const summary = result.structuredContent as Record<string, Json>;
    // Whole, exactly as QuantConnect sent them.
    expect(summary.backtest.statistics).toEqual(backtest.statistics);
    expect(summary.backtest.runtimeStatistics).toEqual(backtest.runtimeStatistics);
    expect(summary.backtest.totalPerformance.portfolioStatistics).toEqual(backtest.totalPerformance.portfolioStatistics);
    expect(summary.backtest.totalPerformance.tradeStatistics).toEqual(backtest.totalPerformance.tradeStatistics);
    expect(summary.backtest).toMatchObject({ status: 'Completed.', completed: true, error: null, stacktrace: null, progress: 1 });
    // Big sections become names and counts.
    expect(summary.charts['Strategy Equity']).toEqual({ Equity: 6_000, Return: 6_000 });
    expect(Object.keys(summary.charts)).toHaveLength(8);
    expect(summary.counts).toMatchObject({ orders: 1_500, rollingWindow: 48, 'totalPerformance.closedTrades': 750 });
    expect(summary.backtest.rollingWindow).toBeUndefined();
    expect(summary.backtest.orders).toBeUndefined();
    // Where the rest is.
    expect(summary.sections.rollingWindow).toBe(`qc://projects/${PROJECT}/backtests/${ID}/sections/rollingWindow`);
    expect(summary.sections.chart).toBe(`qc://projects/${PROJECT}/backtests/${ID}/charts/{name}`);
    expect(summary.sections.orders).toBe(`qc://projects/${PROJECT}/backtests/${ID}/orders?start=0&end=99`);
    const links = (result.content as { type: string; uri?: string }[]).filter((block) => block.type === 'resource_link').map((block) => block.uri);
    expect(links).toContain(`qc://projects/${PROJECT}/backtests/${ID}/charts/Strategy%20Equity`);
    // The text block carries the same data while it fits.
    expect(JSON.parse(textOf(result))).toEqual(summary);
    expect(resultBytes(result)).toBeLessThan(15_000);
    await close();
  });

  it('include adds a chart thinned to `points`, first and last points kept', async () => {
    readBacktest();
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_backtest', arguments: { projectId: PROJECT, backtestId: ID, include: ['chart:Strategy Equity'], points: 50 } });
    const equity = (result.structuredContent as Json).backtest.charts['Strategy Equity'].series.Equity;
    const original = backtest.charts['Strategy Equity'].series.Equity.values as unknown[];
    expect(equity.values).toHaveLength(50);
    expect(equity.values[0]).toEqual(original[0]);
    expect(equity.values[49]).toEqual(original[5_999]);
    expect(equity.values[1]).toEqual(original[Math.round(5_999 / 49)]);
    expect(equity).toMatchObject({ pointsShown: 50, pointsTotal: 6_000 });
    expect(resultBytes(result)).toBeLessThanOrEqual(BUDGET);
    await close();
  });

  it('include adds one rolling-window period exactly as sent', async () => {
    readBacktest();
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_backtest', arguments: { projectId: PROJECT, backtestId: ID, include: ['rollingWindow:M12_20201231'] } });
    expect((result.structuredContent as Json).backtest.rollingWindow).toEqual({ M12_20201231: backtest.rollingWindow.M12_20201231 });
    await close();
  });

  it('an unknown section is an isError that lists the sections there are', async () => {
    readBacktest();
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_backtest', arguments: { projectId: PROJECT, backtestId: ID, include: ['equityCurve'] } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toBe(
      "read_backtest: include 'equityCurve' names no section of this answer. Available: charts, rollingWindow, totalPerformance, orders, chart. Fix the argument and call again.",
    );
    await close();
  });

  it('a chart the body does not name is an isError listing the charts', async () => {
    readBacktest();
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_backtest', arguments: { projectId: PROJECT, backtestId: ID, include: ['chart:Nope'] } });
    expect(result.isError).toBe(true);
    expect(textOf(result)).toContain("there is no chart named 'Nope'. Charts: Strategy Equity, Benchmark, Portfolio Margin");
    await close();
  });

  it('fetches a chart the body only names from /backtests/chart/read, over the backtest period', async () => {
    const recorded = realResponses['backtests-read'] as { backtest: Record<string, unknown> };
    qcApi().post('/api/v2/backtests/read').reply(200, recorded);
    const values = Array.from({ length: 10 }, (_, index) => ({ x: index, y: index * 2 }));
    const chart = qcApi()
      .post('/api/v2/backtests/chart/read', {
        projectId: PROJECT,
        backtestId: ID,
        name: 'Drawdown',
        count: 5,
        start: Date.parse('2020-01-01T00:00:00Z') / 1000,
        end: Date.parse('2021-01-01T23:59:59Z') / 1000,
      })
      .reply(200, { chart: { name: 'Drawdown', series: { Drawdown: { values } } }, success: true });
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_backtest', arguments: { projectId: PROJECT, backtestId: ID, include: ['chart:Drawdown'], points: 5 } });
    expect(chart.isDone()).toBe(true);
    // Five evenly spaced points of ten: indexes 0, 2.25, 4.5, 6.75 and 9, rounded.
    expect((result.structuredContent as Json).backtest.charts.Drawdown.series.Drawdown.values).toEqual([values[0], values[2], values[5], values[7], values[9]]);
    await close();
  });

  it('keeps within a smaller configured budget too', async () => {
    readBacktest();
    const { mcp, close } = await connect({ resultMaxBytes: 8_000 });
    const result = await mcp.callTool({ name: 'read_backtest', arguments: { projectId: PROJECT, backtestId: ID } });
    expect(resultBytes(result)).toBeLessThanOrEqual(8_000);
    const summary = result.structuredContent as Record<string, Json>;
    expect(summary.truncated.note).toMatch(/over the result budget of 8000 bytes \(MCP_RESULT_MAX_BYTES\)/);
    expect(summary.truncated.omitted.length).toBeGreaterThan(0);
    for (const omission of summary.truncated.omitted) expect(omission.resource).toMatch(/^qc:\/\/results\/read_backtest\?arguments=/);
    await close();
  });
});

describe('resources', () => {
  it('lists its templates and declares the capability', async () => {
    const { mcp, close } = await connect();
    expect(mcp.getServerCapabilities()?.resources).toBeDefined();
    const { resourceTemplates } = await mcp.listResourceTemplates();
    expect(resourceTemplates.map((template) => template.uriTemplate)).toEqual(
      expect.arrayContaining([
        'qc://projects/{projectId}/backtests/{backtestId}',
        'qc://projects/{projectId}/backtests/{backtestId}/charts/{name}{?points}',
        'qc://projects/{projectId}/backtests/{backtestId}/orders{?start,end}',
        'qc://projects/{projectId}/live',
        'qc://projects/{projectId}/files/{+name}',
        'qc://optimizations/{optimizationId}',
        'qc://object-store/{organizationId}/{+key}',
      ]),
    );
    expect((await mcp.listResources()).resources).toEqual([]);
    await close();
  });

  it('reads a chart of the big backtest as JSON within the budget', async () => {
    readBacktest();
    const { mcp, close } = await connect();
    const read = await mcp.readResource({ uri: `qc://projects/${PROJECT}/backtests/${ID}/charts/Benchmark?points=20` });
    const content = read.contents[0] as { text: string; mimeType: string };
    expect(content.mimeType).toBe('application/json');
    const page = JSON.parse(content.text);
    expect(page).toMatchObject({ page: 1, pages: 1 });
    expect(page.value.series.Benchmark.values).toHaveLength(20);
    expect(page.value.series.Benchmark.values[19]).toEqual(backtest.charts.Benchmark.series.Benchmark.values[5_999]);
    await close();
  });

  it('pages a section that is over the budget, and the pages hold all of it', async () => {
    const { mcp, close } = await connect({ resultMaxBytes: 40_000 });
    const uri = `qc://projects/${PROJECT}/backtests/${ID}/sections/rollingWindow`;
    readBacktest(10);
    const first = JSON.parse((((await mcp.readResource({ uri })).contents[0]) as { text: string }).text);
    expect(first.pages).toBeGreaterThan(1);
    expect(first.next).toBe(`${uri}?page=2`);
    const keys = Object.keys(first.value);
    for (let page = 2; page <= first.pages; page += 1) {
      const read = await mcp.readResource({ uri: `${uri}?page=${page}` });
      const text = (read.contents[0] as { text: string }).text;
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(40_000);
      keys.push(...Object.keys(JSON.parse(text).value));
    }
    expect(keys).toEqual(Object.keys(backtest.rollingWindow));
    await close();
  });

  it('reads orders by window through read_backtest_orders', async () => {
    const orders = qcApi().post('/api/v2/backtests/orders/read', { projectId: PROJECT, backtestId: ID, start: 100, end: 199 }).reply(200, { orders: [{ id: 101 }], length: 1500 });
    const { mcp, close } = await connect();
    const read = await mcp.readResource({ uri: `qc://projects/${PROJECT}/backtests/${ID}/orders?start=100&end=199` });
    expect(JSON.parse((read.contents[0] as { text: string }).text).value).toEqual({ orders: [{ id: 101 }], length: 1500 });
    expect(orders.isDone()).toBe(true);
    await close();
  });

  it('an unknown URI is a JSON-RPC error that lists the templates', async () => {
    const { mcp, close } = await connect();
    await expect(mcp.readResource({ uri: 'qc://nothing/here' })).rejects.toThrow(/No resource matches 'qc:\/\/nothing\/here'. Resource templates: qc:\/\/projects/);
    await expect(mcp.readResource({ uri: 'https://example.com' })).rejects.toThrow(/Resource URIs start with qc:\/\//);
    await close();
  });

  it('never runs a tool that writes', async () => {
    const { mcp, close } = await connect();
    const uri = `qc://results/delete_project?arguments=${encodeURIComponent('{"projectId":1}')}&path=`;
    await expect(mcp.readResource({ uri })).rejects.toThrow("Resources read only read-only tools; 'delete_project' is not one.");
    await close();
  });

  it('the resource URI in a truncated result returns the part that was cut', async () => {
    const projects = Array.from({ length: 3_000 }, (_, index) => ({ projectId: index, name: `Project ${index}`, description: 'd'.repeat(40) }));
    qcApi().post('/api/v2/projects/read', { projectId: 5 }).times(2).reply(200, { projects, success: true });
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name: 'read_project', arguments: { projectId: 5 } });
    expect(resultBytes(result)).toBeLessThanOrEqual(BUDGET);
    const truncated = (result.structuredContent as Json).truncated;
    const cut = truncated.omitted.find((omission: { path: string }) => omission.path === '/projects');
    const shown = (result.structuredContent as Json).projects.length;
    expect(cut.kept).toBe(`${shown} of 3000 items`);
    const read = JSON.parse(((await mcp.readResource({ uri: cut.resource })).contents[0] as { text: string }).text);
    expect(read.value.slice(0, 3)).toEqual(projects.slice(0, 3));
    expect(read.pages).toBeGreaterThan(1);
    await close();
  });
});

describe('every tool that can grow stays within the budget', () => {
  it.each([
    ['read_live_algorithm', '/live/read', { projectId: 1 }, largeLiveBody()],
    ['read_optimization', '/optimizations/read', { optimizationId: 'O-1' }, largeOptimizationBody()],
    ['read_backtest_report', '/backtests/read/report', { projectId: 1, backtestId: 'b' }, largeReportBody()],
    ['list_backtests', '/backtests/list', { projectId: 1 }, { backtests: Array.from({ length: 2_000 }, (_, index) => ({ backtestId: `b${index}`, name: `run ${index}`, statistics: { 'Sharpe Ratio': '1' } })), success: true }],
    ['read_file', '/files/read', { projectId: 1 }, { files: Array.from({ length: 5 }, (_, index) => ({ name: `f${index}.py`, content: 'print(1)\n'.repeat(30_000) })), success: true }],
    ['search_quantconnect', '/ai/tools/search', { language: 'Py', criteria: [{ input: 'x', type: 'Docs', count: 1 }] }, { retrivals: Array.from({ length: 400 }, (_, index) => ({ url: `u${index}`, content: 'c'.repeat(1_000) })), success: true }],
  ])('%s', async (name, path, args, answer) => {
    qcApi().post(`/api/v2${path}`).reply(200, answer as nock.Body);
    const { mcp, close } = await connect();
    const result = await mcp.callTool({ name, arguments: args });
    expect(result.isError, textOf(result)).toBeFalsy();
    expect(JSON.stringify(answer).length).toBeGreaterThan(BUDGET);
    expect(resultBytes(result)).toBeLessThanOrEqual(BUDGET);
    await close();
  });
});
