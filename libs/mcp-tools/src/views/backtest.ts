import { uris } from '../lib/resources.js';
import type { ResourceLinkSpec } from '../lib/tool-definition.js';
import {
  chartOutline,
  count,
  data,
  isContainer,
  isObject,
  link,
  parseInclude,
  thinChart,
  ToolArgumentError,
  unixSeconds,
  type View,
  type ViewInput,
} from './shared.js';

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** The members of `body` kept whole in a summary, the key members of nested ones, and the rest as counts. */
export function outline(body: Record<string, unknown>, inline: readonly string[], keyFigures: Record<string, unknown>) {
  const kept: Record<string, unknown> = {};
  const sections: string[] = [];
  for (const [key, value] of Object.entries(body)) {
    if (!isContainer(value) || inline.includes(key)) {
      kept[key] = value;
      continue;
    }
    sections.push(key);
    const members = strings(keyFigures[key]);
    if (members.length > 0 && isObject(value)) kept[key] = Object.fromEntries(members.filter((member) => member in value).map((member) => [member, value[member]]));
  }
  return { kept, sections };
}

/** Counts of what the summary leaves out: entries of every section, and of their big members. */
function counts(body: Record<string, unknown>, sections: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const section of sections) {
    const value = body[section];
    out[section] = count(value);
    if (isObject(value)) {
      for (const [key, member] of Object.entries(value)) if (Array.isArray(member)) out[`${section}.${key}`] = member.length;
    }
  }
  return out;
}

async function fetchChart(input: ViewInput, name: string, points: number, start: number | undefined, end: number | undefined) {
  const path = input.options.chartPath;
  if (typeof path !== 'string') return undefined;
  const answer = await input.context.qc.call(
    path,
    { ...input.sent, name, count: points, start: start ?? 0, end: end ?? Math.floor(input.context.now() / 1000) },
    { retry: true, signal: input.context.signal },
  );
  if (isObject(answer) && isObject(answer.chart)) return thinChart(answer.chart, points);
  const progress = isObject(answer) ? answer.progress : undefined;
  return { loading: true, progress: progress ?? null, note: 'QuantConnect is still preparing this chart; read it again in a few seconds.' };
}

/**
 * A summary of a result with charts (a backtest or a live algorithm): scalars, statistics and key
 * figures inline; charts as names with point counts; everything else counted and one resource
 * away. `include` adds named sections in full (charts thinned to `points`).
 */
export async function chartedSummary(
  input: ViewInput,
  body: Record<string, unknown>,
  uri: { section: (name: string) => string; chart: (name: string) => string },
  chartWindow: { start?: number; end?: number },
) {
  const inline = strings(input.options.inline);
  const keyFigures = isObject(input.options.keyFigures) ? input.options.keyFigures : {};
  const points = typeof input.local.points === 'number' ? input.local.points : Number(input.options.defaultPoints ?? 100);
  const { kept, sections } = outline(body, inline, keyFigures);
  const charts = isObject(body.charts) ? body.charts : {};
  // Any member may be asked for in full: a section, or one the summary already carries (its resource then works too).
  const named = [...new Set([...sections, 'charts', 'chart'])];
  const requests = parseInclude(input.local.include, [...new Set([...named, ...Object.keys(kept)])], input.definition.name, named);
  const included: Record<string, unknown> = { ...kept };
  for (const { section, detail } of requests) {
    if (section === 'chart' || (section === 'charts' && detail !== undefined)) {
      const name = detail ?? '';
      const existing = charts[name];
      if (Object.keys(charts).length > 0 && !(name in charts)) {
        throw new ToolArgumentError(`${input.definition.name}: there is no chart named '${name}'. Charts: ${Object.keys(charts).join(', ')}.`);
      }
      const chart = isObject(existing) && isObject(existing.series) ? thinChart(existing, points) : await fetchChart(input, name, points, chartWindow.start, chartWindow.end);
      included.charts = { ...(isObject(included.charts) ? included.charts : {}), [name]: chart };
    } else if (section === 'charts') {
      included.charts = Object.fromEntries(Object.entries(charts).map(([name, chart]) => [name, thinChart(chart, points)]));
    } else if (detail !== undefined && isObject(body[section])) {
      const member = (body[section] as Record<string, unknown>)[detail];
      included[section] = { ...(isObject(included[section]) ? included[section] : {}), [detail]: member };
    } else {
      included[section] = body[section];
    }
  }
  const chartNames = Object.keys(charts);
  const links: ResourceLinkSpec[] = sections.filter((section) => section !== 'charts').map((section) => link(uri.section(section), section, `${section} in full (${count(body[section])} entries)`));
  return {
    included,
    outline: {
      charts: Object.fromEntries(chartNames.map((name) => [name, chartOutline(charts[name])])),
      counts: counts(body, sections),
      sections: {
        ...Object.fromEntries(sections.filter((section) => section !== 'charts').map((section) => [section, uri.section(section)])),
        ...(chartNames.length > 0 ? { chart: uri.chart('{name}').replace('%7Bname%7D', '{name}') } : {}),
      },
    },
    links: [...links, ...chartNames.slice(0, 12).map((name) => link(uri.chart(name), `chart: ${name}`, `The ${name} chart, downsampled`))],
  };
}

/**
 * read_backtest: status, progress, error and stack trace, statistics, runtime statistics, the key
 * total-performance figures, chart names with point counts, counts of orders, trades and rolling
 * windows; each section one `include` or one resource away.
 */
export const backtestView: View = async (input) => {
  const backtest = isObject(input.data.backtest) ? input.data.backtest : undefined;
  if (!backtest) return data(input.data);
  const projectId = backtest.projectId ?? input.sent.projectId;
  const backtestId = backtest.backtestId ?? input.sent.backtestId;
  const summary = await chartedSummary(
    input,
    backtest,
    { section: (name) => uris.backtestSection(projectId, backtestId, name), chart: (name) => uris.backtestChart(projectId, backtestId, name) },
    { start: unixSeconds(backtest.backtestStart), end: unixSeconds(backtest.backtestEnd) },
  );
  const { backtest: _full, ...rest } = input.data;
  const sections = {
    ...summary.outline.sections,
    orders: uris.backtestOrders(projectId, backtestId),
    insights: uris.backtestInsights(projectId, backtestId),
    report: uris.backtestReport(projectId, backtestId),
  };
  return data(
    { ...rest, backtest: summary.included, charts: summary.outline.charts, counts: summary.outline.counts, sections },
    [link(sections.orders, 'orders', 'Orders of this backtest, 100 at a time'), ...summary.links],
  );
};
