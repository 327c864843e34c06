import { backtestView } from './backtest.js';
import { compileView } from './compile.js';
import { filesView } from './files.js';
import { listView } from './list.js';
import { liveView } from './live.js';
import { optimizationView } from './optimization.js';
import { reportView } from './report.js';
import type { View } from './shared.js';

/** The hand-written views an overlay's `x-mcp.view.name` may name. */
export const views: Readonly<Record<string, View>> = {
  backtest: backtestView,
  compile: compileView,
  files: filesView,
  list: listView,
  live: liveView,
  optimization: optimizationView,
  report: reportView,
};

export { compileErrors } from './compile.js';
export { htmlText } from './report.js';
export { downsample, ToolArgumentError, type View, type ViewInput } from './shared.js';
