import { fitJson, jsonBytes, uris, type ResourceLinkSpec, type ToolDefinition } from '@qc-mcp/mcp-tools';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';

/** The default size of one tool result (text and structuredContent together), about 30k tokens. */
export const DEFAULT_RESULT_MAX_BYTES = 100_000;
/** At most this many cut parts are listed one by one; the rest are counted. */
const MAX_LISTED_OMISSIONS = 12;
/** At most this many resource links ride along with a result. */
const MAX_LINKS = 16;

type Redact = (text: string) => string;

const linkBlock = (link: ResourceLinkSpec) => ({ type: 'resource_link' as const, uri: link.uri, name: link.name, description: link.description, mimeType: 'application/json' });

/**
 * The data as JSON text and as an object, with every secret removed: redaction runs on the
 * serialised JSON, so it reaches any depth; the object is parsed back only when something was removed.
 */
function redacted(value: Record<string, unknown>, redact: Redact): { text: string; value: Record<string, unknown> } {
  const raw = JSON.stringify(value);
  const text = redact(raw);
  return { text, value: text === raw ? value : (JSON.parse(text) as Record<string, unknown>) };
}

/** Bytes of a result as sent: the text block is JSON inside JSON (its quotes count twice), beside the structured copy. */
const resultBytes = (text: string, linkBytes: number) =>
  Buffer.byteLength(JSON.stringify(text), 'utf8') + Buffer.byteLength(text, 'utf8') + linkBytes + RESULT_ENVELOPE_BYTES;
/** `{"content":[{"type":"text","text":…},…],"structuredContent":…}` around the two copies. */
const RESULT_ENVELOPE_BYTES = 64;

/**
 * Turns a tool's data into an MCP result that fits `maxBytes` (text, structuredContent and links
 * together). While the data fits twice (once as text for clients that read text, once structured),
 * both carry all of it. Otherwise both carry the same cut-down data plus `truncated`, which names
 * every part left out and, for read-only tools, the resource URI that returns it.
 */
export function budgetedResult(
  definition: Pick<ToolDefinition, 'name' | 'annotations'>,
  args: Record<string, unknown>,
  data: Record<string, unknown>,
  links: readonly ResourceLinkSpec[],
  maxBytes: number,
  redact: Redact,
): CallToolResult {
  const blocks = links.slice(0, MAX_LINKS).map(linkBlock);
  const linkBytes = jsonBytes(blocks);
  const { text, value: safe } = redacted(data, redact);
  const fullBytes = Buffer.byteLength(text, 'utf8');
  const build = (value: Record<string, unknown>, json = JSON.stringify(value)): CallToolResult => ({ content: [{ type: 'text', text: json }, ...blocks], structuredContent: value });
  if (resultBytes(text, linkBytes) <= maxBytes) return build(safe, text);
  const readable = definition.annotations.readOnlyHint;
  let room = Math.floor((maxBytes - linkBytes) / 2.2) - 512;
  for (let attempt = 0; attempt < 4; attempt += 1) {
    const fitted = fitJson(safe, Math.max(256, room));
    const listed = fitted.omitted.slice(0, MAX_LISTED_OMISSIONS).map((omission) => ({
      ...omission,
      ...(readable ? { resource: uris.result(definition.name, args, omission.path) } : {}),
    }));
    const more = fitted.omitted.length - listed.length;
    const truncated = {
      note:
        `This answer is ${fullBytes} bytes, over the result budget of ${maxBytes} bytes (MCP_RESULT_MAX_BYTES), so parts were cut; ` +
        (readable
          ? 'read each part with resources/read on its resource URI (large parts are paged: add page=N), or ask for less (a window, a section, a limit).'
          : 'read the data with the matching read tool, which answers with a summary and resources.'),
      omitted: listed,
      ...(more > 0 ? { moreOmitted: more } : {}),
    };
    const candidate = build({ ...(fitted.value as Record<string, unknown>), truncated });
    const total = jsonBytes(candidate);
    if (total <= maxBytes) return candidate;
    room -= Math.ceil((total - maxBytes) / 2) + 256;
  }
  const minimal = { truncated: { note: `This answer is ${fullBytes} bytes and could not be cut to the ${maxBytes}-byte result budget (MCP_RESULT_MAX_BYTES); raise the budget or ask for less.` } };
  return { content: [{ type: 'text', text: JSON.stringify(minimal) }], structuredContent: minimal };
}
