import { uris } from '../lib/resources.js';
import { chartedSummary } from './backtest.js';
import { data, isObject, link, unixSeconds, type View } from './shared.js';

/**
 * read_live_algorithm: status, deployment, runtime statistics and errors inline; charts by name,
 * files by name and size (their code is not repeated), each section one `include` or resource away.
 */
export const liveView: View = async (input) => {
  const projectId = input.sent.projectId;
  const files = Array.isArray(input.data.files) ? input.data.files : [];
  const summary = await chartedSummary(
    input,
    input.data,
    { section: (name) => uris.liveSection(projectId, name), chart: (name) => uris.liveChart(projectId, name) },
    { start: unixSeconds(input.data.launched) },
  );
  const fileList = files.map((file) =>
    isObject(file) ? { name: file.name, bytes: typeof file.content === 'string' ? Buffer.byteLength(file.content) : null } : file,
  );
  const sections = {
    ...summary.outline.sections,
    orders: uris.liveOrders(projectId),
    ...(typeof input.data.deployId === 'string' ? { logs: uris.liveLogs(projectId, input.data.deployId) } : {}),
  };
  const links = [link(sections.orders, 'orders', 'Orders of this live algorithm, 100 at a time'), ...summary.links];
  if (typeof input.data.deployId === 'string') links.push(link(uris.liveLogs(projectId, input.data.deployId), 'logs', 'Log lines of this deployment, 250 at a time'));
  return data({ ...summary.included, charts: summary.outline.charts, fileList, counts: summary.outline.counts, sections }, links);
};
