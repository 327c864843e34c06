import { describe, expect, it } from 'vitest';
import type { ToolContext, ToolDefinition } from '../lib/tool-definition.js';
import { backtestView } from './backtest.js';
import { ToolArgumentError } from './shared.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Json = any;

const equity = { series: { Equity: { values: [[1, 1], [2, 2], [3, 3]] } } };
const body = {
  backtest: {
    projectId: 8,
    backtestId: 'b1',
    status: 'Completed.',
    backtestStart: '2020-01-01 00:00:00',
    backtestEnd: '2020-01-02 00:00:00',
    statistics: { 'Sharpe Ratio': '1.2' },
    totalPerformance: { tradeStatistics: { n: 1 }, closedTrades: [1, 2, 3], portfolioStatistics: { sharpeRatio: 1.2 } },
    charts: { 'Strategy Equity': equity, Benchmark: { name: 'Benchmark' } },
    rollingWindow: { M1: {}, M3: {} },
  },
  success: true,
};
const options = { name: 'backtest', inline: ['statistics'], keyFigures: { totalPerformance: ['portfolioStatistics', 'missing'] }, defaultPoints: 2, chartPath: '/backtests/chart/read' };

function run(local: Record<string, unknown>, answer: unknown = {}, viewOptions: Record<string, unknown> = options) {
  const calls: unknown[][] = [];
  const context = {
    resultMaxBytes: 100_000,
    now: () => 1_700_000_000_500,
    signal: new AbortController().signal,
    qc: { call: async (...args: unknown[]) => (calls.push(args), answer) },
  } as unknown as ToolContext;
  const outcome = backtestView({ data: body, sent: { projectId: 7, backtestId: 'b1' }, local, options: viewOptions as never, context, definition: { name: 'read_backtest' } as ToolDefinition });
  return { outcome, calls };
}

const base = 'qc://projects/8/backtests/b1';

describe('backtestView', () => {
  it('keeps scalars, inline members and key figures; counts and links the rest', async () => {
    const outcome = await run({}).outcome;
    expect(outcome).toEqual({
      kind: 'data',
      data: {
        success: true,
        backtest: {
          projectId: 8,
          backtestId: 'b1',
          status: 'Completed.',
          backtestStart: '2020-01-01 00:00:00',
          backtestEnd: '2020-01-02 00:00:00',
          statistics: { 'Sharpe Ratio': '1.2' },
          totalPerformance: { portfolioStatistics: { sharpeRatio: 1.2 } },
        },
        charts: { 'Strategy Equity': { Equity: 3 }, Benchmark: {} },
        counts: { totalPerformance: 3, 'totalPerformance.closedTrades': 3, charts: 2, rollingWindow: 2 },
        sections: {
          totalPerformance: `${base}/sections/totalPerformance`,
          rollingWindow: `${base}/sections/rollingWindow`,
          chart: `${base}/charts/{name}`,
          orders: `${base}/orders?start=0&end=99`,
          insights: `${base}/insights?start=0&end=99`,
          report: `${base}/report`,
        },
      },
      links: [
        { uri: `${base}/orders?start=0&end=99`, name: 'orders', description: 'Orders of this backtest, 100 at a time' },
        { uri: `${base}/sections/totalPerformance`, name: 'totalPerformance', description: 'totalPerformance in full (3 entries)' },
        { uri: `${base}/sections/rollingWindow`, name: 'rollingWindow', description: 'rollingWindow in full (2 entries)' },
        { uri: `${base}/charts/Strategy%20Equity`, name: 'chart: Strategy Equity', description: 'The Strategy Equity chart, downsampled' },
        { uri: `${base}/charts/Benchmark`, name: 'chart: Benchmark', description: 'The Benchmark chart, downsampled' },
      ],
    });
  });

  it('a chart the body only names is read from QuantConnect over the backtest period, thinned to points', async () => {
    const { outcome, calls } = run({ include: ['chart:Benchmark'] }, { chart: { series: { B: { values: [[1, 1], [2, 2], [3, 3]] } } } });
    const result = (await outcome).kind === 'data' ? ((await outcome) as Json).data : {};
    expect(calls).toEqual([
      ['/backtests/chart/read', { projectId: 7, backtestId: 'b1', name: 'Benchmark', count: 2, start: 1_577_836_800, end: 1_577_923_200 }, { retry: true, signal: expect.any(AbortSignal) }],
    ]);
    expect(result.backtest.charts).toEqual({ Benchmark: { series: { B: { values: [[1, 1], [3, 3]], pointsShown: 2, pointsTotal: 3 } } } });
  });

  it('a chart QuantConnect is still preparing says so, with its progress', async () => {
    const outcome = await run({ include: ['chart:Benchmark'], points: 5 }, { progress: 0.5, success: true }).outcome;
    expect((outcome as Json).data.backtest.charts).toEqual({
      Benchmark: { loading: true, progress: 0.5, note: 'QuantConnect is still preparing this chart; read it again in a few seconds.' },
    });
    const unknown = await run({ include: ['chart:Benchmark'] }, 'odd').outcome;
    expect((unknown as Json).data.backtest.charts.Benchmark).toMatchObject({ loading: true, progress: null });
  });

  it('a chart with series is thinned locally, without a call; charts thins them all', async () => {
    const one = run({ include: ['charts:Strategy Equity'], points: 2 });
    expect(((await one.outcome) as Json).data.backtest.charts).toEqual({ 'Strategy Equity': { series: { Equity: { values: [[1, 1], [3, 3]], pointsShown: 2, pointsTotal: 3 } } } });
    expect(one.calls).toEqual([]);
    const all = run({ include: ['charts'] });
    expect(Object.keys(((await all.outcome) as Json).data.backtest.charts)).toEqual(['Strategy Equity', 'Benchmark']);
    expect(all.calls).toEqual([]);
  });

  it('sections and members of sections come in full on request', async () => {
    const outcome = (await run({ include: ['rollingWindow:M3', 'totalPerformance'] }).outcome) as Json;
    expect(outcome.data.backtest.rollingWindow).toEqual({ M3: {} });
    expect(outcome.data.backtest.totalPerformance).toEqual(body.backtest.totalPerformance);
  });

  it('refuses a chart it does not have, naming the ones it has; without a chart path nothing is fetched', async () => {
    await expect(run({ include: ['chart:Nope'] }).outcome).rejects.toThrow(
      new ToolArgumentError("read_backtest: there is no chart named 'Nope'. Charts: Strategy Equity, Benchmark."),
    );
    const { chartPath: _path, ...withoutPath } = options;
    const none = run({ include: ['chart:Benchmark'] }, {}, withoutPath);
    expect(((await none.outcome) as Json).data.backtest.charts).toEqual({ Benchmark: undefined });
    expect(none.calls).toEqual([]);
  });

  it('an answer without a backtest passes through', async () => {
    const context = {} as ToolContext;
    const data = { success: false, errors: ['No backtest'] };
    expect(await backtestView({ data, sent: {}, local: {}, options: options as never, context, definition: { name: 'read_backtest' } as ToolDefinition })).toEqual({ kind: 'data', data });
  });
});
