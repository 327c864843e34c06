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

/** structuredContent with every secret removed: redaction runs on the serialised JSON, at any depth. */
const redactedObject = (value: Record<string, unknown>, redact: Redact): Record<string, unknown> => JSON.parse(redact(JSON.stringify(value)));

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
  const safe = redactedObject(data, redact);
  const fullBytes = jsonBytes(safe);
  const build = (value: Record<string, unknown>): CallToolResult => ({ content: [{ type: 'text', text: JSON.stringify(value) }, ...blocks], structuredContent: value });
  // Measured as sent: the text block is JSON inside JSON, so its quotes count twice.
  const full = build(safe);
  if (jsonBytes(full) <= maxBytes) return full;
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
