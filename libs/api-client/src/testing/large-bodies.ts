import backtestsRead from './real-responses/backtests-read.json' with { type: 'json' };
import liveRead from './real-responses/live-read.json' with { type: 'json' };
import optimizationBacktest from './real-responses/optimizations-read.backtest-item.json' with { type: 'json' };
import optimizationRead from './real-responses/optimizations-read.optimization.json' with { type: 'json' };

/**
 * QuantConnect bodies at the size real use produces, grown from the recorded samples (imported, not
 * read from disk, so the benchmark can bundle this module): the shapes
 * and value forms are the recording's (decimal strings, nulls, `[]` for empty maps), only the
 * counts are larger. Deterministic, so tests can assert exact figures.
 */

const DAY = 86_400;
const START = 1_577_836_800; // 2020-01-01T00:00:00Z

const clone = <T>(value: T): T => structuredClone(value);

function series(name: string, points: number, form: 'xy' | 'ohlc') {
  const values = Array.from({ length: points }, (_, index) => {
    const time = START + index * (DAY / 24);
    const value = 100_000 + Math.round(Math.sin(index / 50) * 5_000 + index * 3);
    return form === 'ohlc' ? [time, value, value + 12, value - 9, value + 4] : { x: time, y: value };
  });
  return { name, unit: '$', index: 0, seriesType: 0, values };
}

/** The months of 2020, as rolling-window keys: M1_20200131 … M12_20201231 for each window length. */
export function rollingWindowKeys(): string[] {
  const ends = ['0131', '0229', '0331', '0430', '0531', '0630', '0731', '0831', '0930', '1031', '1130', '1231'];
  return ['M1', 'M3', 'M6', 'M12'].flatMap((window) => ends.map((end) => `${window}_2020${end}`));
}

export interface LargeBacktestOptions {
  /** Points per chart series (default 6,000: a year of hourly samples). */
  readonly points?: number;
  /** Orders carried in the body (default 1,500). */
  readonly orders?: number;
}

/**
 * A completed `/backtests/read` body of about 2.4 MB: the recorded backtest with eight charts of
 * hourly series, the full 48-entry rolling window, 1,500 orders and their closed trades.
 */
export function largeBacktestBody(options: LargeBacktestOptions = {}): { backtest: Record<string, unknown>; success: boolean } {
  const points = options.points ?? 6_000;
  const orderCount = options.orders ?? 1_500;
  const recorded = clone(backtestsRead as { backtest: Record<string, unknown>; success: boolean });
  const backtest = recorded.backtest;
  const window = backtest.rollingWindow as Record<string, unknown>;
  const template = window.M1_20200131;
  backtest.rollingWindow = Object.fromEntries(rollingWindowKeys().map((key) => [key, clone(template)]));
  backtest.charts = Object.fromEntries(
    Object.keys(backtest.charts as Record<string, unknown>).map((name) => [
      name,
      {
        name,
        chartType: 0,
        series: name === 'Strategy Equity' ? { Equity: series('Equity', points, 'ohlc'), Return: series('Return', points, 'xy') } : { [name]: series(name, points, 'xy') },
      },
    ]),
  );
  backtest.orders = Object.fromEntries(
    Array.from({ length: orderCount }, (_, index) => [
      String(index + 1),
      {
        id: index + 1,
        symbol: { value: 'SPY', id: 'SPY R735QTJ8XC9X', permtick: 'SPY' },
        time: new Date((START + index * 3_600) * 1000).toISOString(),
        price: 300 + (index % 50),
        quantity: index % 2 === 0 ? 10 : -10,
        type: 0,
        status: 3,
        tag: '',
        direction: index % 2,
        value: 3_000 + index,
        orderSubmissionData: { bidPrice: 299.9, askPrice: 300.1, lastPrice: 300 },
        events: [{ id: 1, status: 'filled', fillPrice: 300 + (index % 50), fillQuantity: 10 }],
      },
    ]),
  );
  const totalPerformance = backtest.totalPerformance as Record<string, unknown>;
  totalPerformance.closedTrades = Array.from({ length: Math.floor(orderCount / 2) }, (_, index) => ({
    symbol: { value: 'SPY' },
    entryTime: new Date((START + index * 7_200) * 1000).toISOString(),
    entryPrice: 300,
    direction: 0,
    quantity: 10,
    exitTime: new Date((START + index * 7_200 + 3_600) * 1000).toISOString(),
    exitPrice: 301,
    profitLoss: 10,
    totalFees: 1,
    mae: -2,
    mfe: 3,
    duration: '01:00:00',
    endTradeDrawdown: 0,
  }));
  return recorded;
}

/** A `/live/read` body with charts, deployed files (code) and runtime statistics. */
export function largeLiveBody(): Record<string, unknown> {
  const live = clone(liveRead as Record<string, unknown>);
  live.files = Array.from({ length: 6 }, (_, index) => ({ name: `module${index}.py`, content: `# module ${index}\n${'x = 1\n'.repeat(20_000)}` }));
  live.charts = { 'Strategy Equity': { name: 'Strategy Equity' }, Benchmark: { name: 'Benchmark' } };
  return live;
}

/** A `/optimizations/read` body with `count` backtests (the recorded item's shape, varied parameters). */
export function largeOptimizationBody(count = 400): { optimization: Record<string, unknown>; success: boolean } {
  const optimization = clone(optimizationRead as Record<string, unknown>);
  const item = optimizationBacktest as Record<string, unknown>;
  optimization.backtests = Object.fromEntries(
    Array.from({ length: count }, (_, index) => {
      const statistics = (item.statistics as number[]).map((value, at) => (at === 15 ? Math.round((index % 97) * 13) / 100 : value));
      return [
        `bt-${index}`,
        {
          ...clone(item),
          id: `bt-${index}`,
          name: `backtest ${index}`,
          parameterSet: { fast: String(index % 20), slow: String(20 + (index % 30)) },
          statistics,
          equity: Array.from({ length: 250 }, (_, day) => [START + day * DAY, 1, 1.1, 0.9, 1 + day / 1000]),
        },
      ];
    }),
  );
  return { optimization, success: true };
}

/** A `/backtests/read/report` body: an HTML report with an embedded image, about 1.5 MB. */
export function largeReportBody(): Record<string, unknown> {
  const rows = Array.from({ length: 200 }, (_, index) => `<tr><td>Metric ${index}</td><td>${(index * 1.37).toFixed(2)}</td></tr>`).join('');
  const image = `<img src="data:image/png;base64,${'iVBORw0KGgo'.repeat(130_000)}">`;
  const html = `<html><head><style>td { padding: 2px }</style><script>var x = 1;</script></head><body><h1>Backtest report</h1><p>Sharpe ratio 1.23 &amp; drawdown 4.5%</p>${image}<table>${rows}</table></body></html>`;
  return { report: html, success: true };
}
