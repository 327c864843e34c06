import type { ResourceLinkSpec, ToolContext, ToolDefinition, ToolOutcome, ViewSpec } from '../lib/tool-definition.js';

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** What a view gets: QuantConnect's answer, the arguments sent, the local ones, its options. */
export interface ViewInput {
  readonly data: Record<string, unknown>;
  readonly sent: Readonly<Record<string, unknown>>;
  readonly local: Readonly<Record<string, unknown>>;
  readonly options: ViewSpec;
  readonly context: ToolContext;
  readonly definition: ToolDefinition;
}

export type View = (input: ViewInput) => Promise<ToolOutcome>;

/** A caller's argument the server itself rejects (an unknown section name, say); nothing was sent for it. */
export class ToolArgumentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ToolArgumentError';
  }
}

/** How many entries a container holds: arrays by items, objects by keys. */
export const count = (value: unknown): number => (Array.isArray(value) ? value.length : isObject(value) ? Object.keys(value).length : 0);

/** Whether a value is a container worth summarising rather than inlining. */
export const isContainer = (value: unknown) => Array.isArray(value) || isObject(value);

/**
 * The requested sections, `name` or `name:detail`, checked against what exists; an error lists
 * `shown` (the sections worth naming), which defaults to everything accepted.
 */
export function parseInclude(include: unknown, available: readonly string[], tool: string, shown: readonly string[] = available): { section: string; detail?: string }[] {
  const list = include === undefined ? [] : (include as string[]);
  return list.map((entry) => {
    const at = entry.indexOf(':');
    const section = at < 0 ? entry : entry.slice(0, at);
    const detail = at < 0 ? undefined : entry.slice(at + 1);
    if (!available.includes(section)) {
      throw new ToolArgumentError(
        `${tool}: include '${entry}' names no section of this answer. Available: ${shown.length ? shown.join(', ') : '(none)'}.`,
      );
    }
    return detail === undefined ? { section } : { section, detail };
  });
}

/**
 * Evenly spaced points of a series, first and last kept. A series may be `[{x, y}]`,
 * `[[t, v]]` or `[[t, o, h, l, c]]`; any of them is thinned the same way.
 */
export function downsample<T>(values: readonly T[], points: number): T[] {
  if (values.length <= points) return [...values];
  if (points <= 1) return values.slice(-1);
  const out: T[] = [];
  for (let index = 0; index < points; index += 1) out.push(values[Math.round((index * (values.length - 1)) / (points - 1))] as T);
  return out;
}

/** A chart's series thinned to `points` each, with how many there were. */
export function thinChart(chart: unknown, points: number): unknown {
  if (!isObject(chart) || !isObject(chart.series)) return chart;
  const series = Object.fromEntries(
    Object.entries(chart.series).map(([name, serie]) => {
      if (!isObject(serie) || !Array.isArray(serie.values)) return [name, serie];
      return [name, { ...serie, values: downsample(serie.values, points), pointsShown: Math.min(points, serie.values.length), pointsTotal: serie.values.length }];
    }),
  );
  return { ...chart, series };
}

/** Names of a chart's series with their point counts. */
export function chartOutline(chart: unknown): Record<string, number> {
  if (!isObject(chart) || !isObject(chart.series)) return {};
  return Object.fromEntries(Object.entries(chart.series).map(([name, serie]) => [name, isObject(serie) && Array.isArray(serie.values) ? serie.values.length : 0]));
}

export const link = (uri: string, name: string, description: string): ResourceLinkSpec => ({ uri, name, description });

export const data = (value: Record<string, unknown>, links: readonly ResourceLinkSpec[] = []): ToolOutcome =>
  links.length > 0 ? { kind: 'data', data: value, links } : { kind: 'data', data: value };

/** Unix seconds of a QuantConnect date (RFC 3339 or "YYYY-MM-DD HH:mm:ss", UTC), if it reads as one. */
export function unixSeconds(value: unknown): number | undefined {
  if (typeof value !== 'string' || value === '') return undefined;
  const iso = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}(:\d{2})?$/.test(value) ? `${value.replace(' ', 'T')}Z` : value;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}
