/**
 * MCP resources for what is too big to inline. Every resource is a read-only tool call in disguise:
 * its URI names the tool, the arguments and the part of the answer (a JSON Pointer), so a read is
 * stateless (it asks QuantConnect again) and works the same over stdio, HTTP and Lambda.
 */

/** What reading a resource means: call `tool` with `args`, keep the part at `path`. */
export interface ResourceCall {
  readonly tool: string;
  readonly args: Record<string, unknown>;
  readonly path: string;
}

export interface ResourceTemplateSpec {
  /** RFC 6570 form, as listed in resources/templates/list. */
  readonly uriTemplate: string;
  readonly name: string;
  readonly title: string;
  readonly description: string;
  readonly toCall: (vars: Readonly<Record<string, string>>, query: URLSearchParams) => ResourceCall;
}

export const SCHEME = 'qc://';

const int = (value: string | null | undefined, fallback?: number): number | undefined => {
  if (value === null || value === undefined || value === '') return fallback;
  const number = Number(value);
  if (!Number.isInteger(number)) throw new ResourceUriError(`'${value}' is not a whole number.`);
  return number;
};
const integer = (value: string) => int(value) as number;
const pointer = (...keys: string[]) => keys.map((key) => `/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');

/** A resource URI that names nothing this server can read. */
export class ResourceUriError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResourceUriError';
  }
}

function window(query: URLSearchParams, size: number) {
  const start = int(query.get('start'), 0) as number;
  return { start, end: int(query.get('end'), start + size) as number };
}

/** The templates, most specific first (a `{+rest}` variable takes the remainder of the path). */
export const RESOURCE_TEMPLATES: readonly ResourceTemplateSpec[] = [
  {
    uriTemplate: 'qc://projects/{projectId}/backtests/{backtestId}/charts/{name}{?points}',
    name: 'backtest-chart',
    title: 'Backtest chart',
    description: 'One chart of a backtest, every series downsampled to `points` points (default 200).',
    toCall: (v, q) => ({
      tool: 'read_backtest',
      args: { projectId: integer(v.projectId as string), backtestId: v.backtestId, include: [`chart:${v.name}`], points: int(q.get('points'), 200) },
      path: pointer('backtest', 'charts', v.name as string),
    }),
  },
  {
    uriTemplate: 'qc://projects/{projectId}/backtests/{backtestId}/orders{?start,end}',
    name: 'backtest-orders',
    title: 'Backtest orders',
    description: 'Orders of a backtest by index window (end - start < 100; default 0 to 99).',
    toCall: (v, q) => ({
      tool: 'read_backtest_orders',
      args: { projectId: integer(v.projectId as string), backtestId: v.backtestId, ...window(q, 99) },
      path: '',
    }),
  },
  {
    uriTemplate: 'qc://projects/{projectId}/backtests/{backtestId}/insights{?start,end}',
    name: 'backtest-insights',
    title: 'Backtest insights',
    description: 'Insights of a backtest by index window (end - start < 100; default 0 to 99).',
    toCall: (v, q) => ({
      tool: 'read_backtest_insights',
      args: { projectId: integer(v.projectId as string), backtestId: v.backtestId, ...window(q, 99) },
      path: '',
    }),
  },
  {
    uriTemplate: 'qc://projects/{projectId}/backtests/{backtestId}/report',
    name: 'backtest-report',
    title: 'Backtest report (HTML)',
    description: 'The full HTML report of a backtest, paged.',
    toCall: (v) => ({
      tool: 'read_backtest_report',
      args: { projectId: integer(v.projectId as string), backtestId: v.backtestId, format: 'html' },
      path: '/report',
    }),
  },
  {
    uriTemplate: 'qc://projects/{projectId}/backtests/{backtestId}/sections/{section}',
    name: 'backtest-section',
    title: 'Backtest section',
    description: 'One member of a backtest in full (rollingWindow, totalPerformance, charts, orders, …), paged.',
    toCall: (v) => ({
      tool: 'read_backtest',
      args: { projectId: integer(v.projectId as string), backtestId: v.backtestId, include: [v.section] },
      path: pointer('backtest', v.section as string),
    }),
  },
  {
    uriTemplate: 'qc://projects/{projectId}/backtests/{backtestId}',
    name: 'backtest',
    title: 'Backtest summary',
    description: 'Status, errors, statistics, key performance figures, chart names and counts of a backtest.',
    toCall: (v) => ({ tool: 'read_backtest', args: { projectId: integer(v.projectId as string), backtestId: v.backtestId }, path: '' }),
  },
  {
    uriTemplate: 'qc://projects/{projectId}/live/charts/{name}{?points}',
    name: 'live-chart',
    title: 'Live algorithm chart',
    description: 'One chart of the live algorithm, every series downsampled to `points` points (default 200).',
    toCall: (v, q) => ({
      tool: 'read_live_algorithm',
      args: { projectId: integer(v.projectId as string), include: [`chart:${v.name}`], points: int(q.get('points'), 200) },
      path: pointer('charts', v.name as string),
    }),
  },
  {
    uriTemplate: 'qc://projects/{projectId}/live/orders{?start,end}',
    name: 'live-orders',
    title: 'Live orders',
    description: 'Orders of the live algorithm by index window (end - start <= 1000; default 0 to 100).',
    toCall: (v, q) => ({ tool: 'read_live_orders', args: { projectId: integer(v.projectId as string), ...window(q, 100) }, path: '' }),
  },
  {
    uriTemplate: 'qc://projects/{projectId}/live/logs/{algorithmId}{?startLine,endLine}',
    name: 'live-logs',
    title: 'Live logs',
    description: 'Log lines of a live deployment (endLine - startLine <= 250; default the first 250).',
    toCall: (v, q) => {
      const startLine = int(q.get('startLine'), 0) as number;
      return {
        tool: 'read_live_logs',
        args: { projectId: integer(v.projectId as string), algorithmId: v.algorithmId, startLine, endLine: int(q.get('endLine'), startLine + 250) },
        path: '',
      };
    },
  },
  {
    uriTemplate: 'qc://projects/{projectId}/live/sections/{section}',
    name: 'live-section',
    title: 'Live algorithm section',
    description: 'One member of the live algorithm in full (files, charts, runtimeStatistics, …), paged.',
    toCall: (v) => ({
      tool: 'read_live_algorithm',
      args: { projectId: integer(v.projectId as string), include: [v.section] },
      path: pointer(v.section as string),
    }),
  },
  {
    uriTemplate: 'qc://projects/{projectId}/live',
    name: 'live',
    title: 'Live algorithm summary',
    description: 'Status, runtime statistics, chart and file names of the live algorithm of a project.',
    toCall: (v) => ({ tool: 'read_live_algorithm', args: { projectId: integer(v.projectId as string) }, path: '' }),
  },
  {
    uriTemplate: 'qc://projects/{projectId}/files/{+name}',
    name: 'file',
    title: 'Project file',
    description: 'The contents of one project file, paged.',
    toCall: (v) => ({ tool: 'read_file', args: { projectId: integer(v.projectId as string), name: v.name }, path: '/files/0/content' }),
  },
  {
    uriTemplate: 'qc://optimizations/{optimizationId}/backtests',
    name: 'optimization-backtests',
    title: 'Optimization backtests',
    description: 'Every backtest of an optimization with its parameters and named statistics, best first, paged.',
    toCall: (v) => ({ tool: 'read_optimization', args: { optimizationId: v.optimizationId, include: ['backtests'] }, path: '/optimization/backtests' }),
  },
  {
    uriTemplate: 'qc://optimizations/{optimizationId}',
    name: 'optimization',
    title: 'Optimization summary',
    description: 'Status, target, parameters and the best backtests of an optimization.',
    toCall: (v) => ({ tool: 'read_optimization', args: { optimizationId: v.optimizationId }, path: '' }),
  },
  {
    uriTemplate: 'qc://object-store/{organizationId}/{+key}',
    name: 'object-store-key',
    title: 'Object Store key',
    description: 'Properties of one Object Store key (size, modified, MIME type, preview).',
    toCall: (v) => ({ tool: 'read_object_properties', args: { organizationId: v.organizationId, key: v.key }, path: '' }),
  },
  {
    uriTemplate: 'qc://results/{tool}{?arguments,path}',
    name: 'tool-result',
    title: 'Part of a tool result',
    description: 'Any part of a read-only tool\'s answer: `arguments` is the JSON of the call, `path` a JSON Pointer into the answer; paged.',
    toCall: (v, q) => {
      let args: unknown;
      try {
        args = JSON.parse(q.get('arguments') ?? '{}');
      } catch {
        throw new ResourceUriError("'arguments' must be the tool's arguments as JSON.");
      }
      if (typeof args !== 'object' || args === null || Array.isArray(args)) throw new ResourceUriError("'arguments' must be a JSON object.");
      return { tool: v.tool as string, args: args as Record<string, unknown>, path: q.get('path') ?? '' };
    },
  },
];

interface Compiled {
  readonly spec: ResourceTemplateSpec;
  readonly segments: readonly string[];
}

const compiled: readonly Compiled[] = RESOURCE_TEMPLATES.map((spec) => ({
  spec,
  segments: spec.uriTemplate.slice(SCHEME.length).replace(/\{\?[^}]*\}$/, '').split('/'),
}));

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | undefined {
  const vars: Record<string, string> = {};
  for (const [index, part] of pattern.entries()) {
    const rest = /^\{\+(\w+)\}$/.exec(part);
    if (rest) {
      const remainder = actual.slice(index);
      if (remainder.length === 0 || remainder.some((segment) => segment === '')) return undefined;
      vars[rest[1] as string] = remainder.map(decodeURIComponent).join('/');
      return vars;
    }
    const segment = actual[index];
    if (segment === undefined || segment === '') return undefined;
    const variable = /^\{(\w+)\}$/.exec(part);
    if (variable) vars[variable[1] as string] = decodeURIComponent(segment);
    else if (part !== segment) return undefined;
  }
  return pattern.length === actual.length ? vars : undefined;
}

/** The call behind a resource URI, and the page asked for (`page=N`, default 1). */
export function resolveResourceUri(uri: string): ResourceCall & { readonly page: number; readonly template: string } {
  if (!uri.startsWith(SCHEME)) throw new ResourceUriError(`Resource URIs start with ${SCHEME}; got '${uri.slice(0, 80)}'.`);
  const [path = '', search = ''] = uri.slice(SCHEME.length).split(/\?(.*)/s, 2);
  const query = new URLSearchParams(search);
  const page = int(query.get('page'), 1) as number;
  if (page < 1) throw new ResourceUriError('page starts at 1.');
  const actual = path.split('/');
  for (const { spec, segments } of compiled) {
    let vars: Record<string, string> | undefined;
    try {
      vars = matchSegments(segments, actual);
    } catch {
      throw new ResourceUriError(`'${uri.slice(0, 200)}' is not a valid URI (bad percent-encoding).`);
    }
    if (vars) return { ...spec.toCall(vars, query), page, template: spec.name };
  }
  throw new ResourceUriError(
    `No resource matches '${uri.slice(0, 200)}'. Resource templates: ${RESOURCE_TEMPLATES.map((template) => template.uriTemplate).join(', ')}.`,
  );
}

const segment = (value: unknown) => encodeURIComponent(String(value));

/** URI builders used by the views, so links and templates cannot drift apart. */
export const uris = {
  backtest: (projectId: unknown, backtestId: unknown) => `qc://projects/${segment(projectId)}/backtests/${segment(backtestId)}`,
  backtestChart: (projectId: unknown, backtestId: unknown, name: string) => `${uris.backtest(projectId, backtestId)}/charts/${segment(name)}`,
  backtestSection: (projectId: unknown, backtestId: unknown, section: string) => `${uris.backtest(projectId, backtestId)}/sections/${segment(section)}`,
  backtestOrders: (projectId: unknown, backtestId: unknown) => `${uris.backtest(projectId, backtestId)}/orders?start=0&end=99`,
  backtestInsights: (projectId: unknown, backtestId: unknown) => `${uris.backtest(projectId, backtestId)}/insights?start=0&end=99`,
  backtestReport: (projectId: unknown, backtestId: unknown) => `${uris.backtest(projectId, backtestId)}/report`,
  live: (projectId: unknown) => `qc://projects/${segment(projectId)}/live`,
  liveChart: (projectId: unknown, name: string) => `${uris.live(projectId)}/charts/${segment(name)}`,
  liveSection: (projectId: unknown, section: string) => `${uris.live(projectId)}/sections/${segment(section)}`,
  liveOrders: (projectId: unknown) => `${uris.live(projectId)}/orders?start=0&end=100`,
  liveLogs: (projectId: unknown, algorithmId: unknown) => `${uris.live(projectId)}/logs/${segment(algorithmId)}?startLine=0&endLine=250`,
  file: (projectId: unknown, name: string) => `qc://projects/${segment(projectId)}/files/${name.split('/').map(segment).join('/')}`,
  optimization: (optimizationId: unknown) => `qc://optimizations/${segment(optimizationId)}`,
  optimizationBacktests: (optimizationId: unknown) => `${uris.optimization(optimizationId)}/backtests`,
  objectStoreKey: (organizationId: unknown, key: string) => `qc://object-store/${segment(organizationId)}/${key.replace(/^\/+/, '').split('/').map(segment).join('/')}`,
  result: (tool: string, args: Record<string, unknown>, path: string) =>
    `qc://results/${segment(tool)}?arguments=${encodeURIComponent(JSON.stringify(args))}&path=${encodeURIComponent(path)}`,
};

/** Adds `page=N` to a resource URI. */
export const withPage = (uri: string, page: number) => `${uri}${uri.includes('?') ? '&' : '?'}page=${page}`;
