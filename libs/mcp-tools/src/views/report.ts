import { uris } from '../lib/resources.js';
import { data, link, type View } from './shared.js';

/** The readable text of an HTML page: no scripts, styles, images or tags, whitespace folded. */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style|svg)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<img\b[^>]*>/gi, ' ')
    .replace(/<br\s*\/?>|<\/(p|div|tr|li|h\d)>/gi, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/&nbsp;/g, ' ')
    .replace(/&amp;/g, '&')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/[ \t]+/g, ' ')
    .replace(/\s*\n\s*/g, '\n')
    .trim();
}

/**
 * read_backtest_report: the report's text (tables and figures, without the embedded images and
 * scripts that make up most of its bytes) by default; `format: "html"` returns the HTML itself,
 * and the full HTML is always a resource away.
 */
export const reportView: View = async (input) => {
  const report = input.data.report;
  if (typeof report !== 'string' || input.local.format === 'html') return data(input.data);
  const { report: _html, ...rest } = input.data;
  const uri = uris.backtestReport(input.sent.projectId, input.sent.backtestId);
  return data(
    { ...rest, format: 'text', reportText: htmlText(report), htmlBytes: Buffer.byteLength(report), html: uri },
    [link(uri, 'report.html', 'The full HTML report, paged')],
  );
};
