import { uris } from '../lib/resources.js';
import { outline } from './backtest.js';
import { count, data, isObject, link, parseInclude, type View } from './shared.js';

const letters = (text: string) => text.toLowerCase().replace(/[^a-z]/g, '');

/** The statistic an optimization targets, by its index in the positional statistics array. */
function targetIndex(names: readonly string[], target: unknown): number {
  if (typeof target !== 'string') return -1;
  const wanted = letters(target.split('.').pop() ?? target);
  return names.findIndex((name) => letters(name) === wanted || letters(name.replace(/\(%\)/, '')) === wanted);
}

/**
 * read_optimization: status, target, parameters, constraints and runtime statistics inline; the
 * backtests as a count plus the best few (named statistics, parameters, no equity curve), best
 * first by the optimization's own target; all of them one `include` or one resource away.
 */
export const optimizationView: View = async (input) => {
  const optimization = isObject(input.data.optimization) ? input.data.optimization : undefined;
  if (!optimization) return data(input.data);
  const names = Array.isArray(input.options.statistics) ? (input.options.statistics as string[]) : [];
  const top = typeof input.local.limit === 'number' ? input.local.limit : Number(input.options.defaultTop ?? 5);
  const criterion = isObject(optimization.criterion) ? optimization.criterion : {};
  const index = targetIndex(names, criterion.target);
  const minimise = typeof criterion.extremum === 'string' && criterion.extremum.toLowerCase().startsWith('min');
  const requests = parseInclude(input.local.include, ['backtests', 'equity'], input.definition.name);
  const withEquity = requests.some((request) => request.section === 'equity');

  const raw = isObject(optimization.backtests) ? Object.values(optimization.backtests) : Array.isArray(optimization.backtests) ? optimization.backtests : [];
  const score = (backtest: unknown) => {
    const stats = isObject(backtest) && Array.isArray(backtest.statistics) ? backtest.statistics : [];
    const value = Number(stats[index]);
    return Number.isFinite(value) ? value : minimise ? Infinity : -Infinity;
  };
  const ranked = index < 0 ? raw : [...raw].sort((a, b) => (minimise ? score(a) - score(b) : score(b) - score(a)));
  const named = ranked.map((backtest) => {
    if (!isObject(backtest)) return backtest;
    const { equity, statistics, ...rest } = backtest;
    const stats = Array.isArray(statistics) ? Object.fromEntries(statistics.map((value, at) => [names[at] ?? `#${at}`, value])) : statistics;
    return { ...rest, statistics: stats, ...(withEquity ? { equity } : { equityPoints: count(equity) }) };
  });

  const { kept, sections } = outline(optimization, Array.isArray(input.options.inline) ? (input.options.inline as string[]) : [], {});
  const optimizationId = optimization.optimizationId ?? input.sent.optimizationId;
  const all = requests.some((request) => request.section === 'backtests');
  const summary: Record<string, unknown> = {
    ...kept,
    backtests: all ? named : named.slice(0, top),
  };
  const counts = Object.fromEntries(sections.map((section) => [section, count(optimization[section])]));
  const { optimization: _full, ...rest } = input.data;
  const backtestsUri = uris.optimizationBacktests(optimizationId);
  return data(
    {
      ...rest,
      optimization: summary,
      counts,
      ranking: index < 0 ? 'QuantConnect order (the target statistic is not one of the named statistics)' : `${minimise ? 'lowest' : 'highest'} ${names[index]} first`,
      sections: { backtests: backtestsUri },
    },
    [link(backtestsUri, 'backtests', `All ${raw.length} backtests of this optimization, best first`)],
  );
};
