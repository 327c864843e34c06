/** A part of a value that did not fit, by JSON Pointer, with how much of it was kept. */
export interface Omission {
  readonly path: string;
  /** e.g. "40 of 5000 items", "2000 of 81234 characters", "3 of 48 keys". */
  readonly kept: string;
}

export interface Fitted {
  readonly value: unknown;
  readonly omitted: readonly Omission[];
}

/** Bytes of a value as compact JSON (UTF-8), the measure of every budget here. */
export const jsonBytes = (value: unknown): number => Buffer.byteLength(JSON.stringify(value) ?? 'null', 'utf8');

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

const pointer = (parent: string, key: string | number) => `${parent}/${String(key).replace(/~/g, '~0').replace(/\//g, '~1')}`;

/** The longest prefix of `text` whose JSON encoding fits `maxBytes`, cut on a code-point boundary. */
function prefixWithin(text: string, maxBytes: number): string {
  let low = 0;
  let high = text.length;
  while (low < high) {
    const middle = Math.ceil((low + high) / 2);
    if (jsonBytes(text.slice(0, middle)) <= maxBytes) low = middle;
    else high = middle - 1;
  }
  let cut = low;
  const code = text.charCodeAt(cut - 1);
  if (cut > 0 && code >= 0xd800 && code <= 0xdbff) cut -= 1;
  return text.slice(0, cut);
}

function shrink(value: unknown, budget: number, path: string, omitted: Omission[]): unknown {
  const size = jsonBytes(value);
  if (size <= budget) return value;
  if (typeof value === 'string') {
    const kept = prefixWithin(value, Math.max(2, budget));
    omitted.push({ path, kept: `${kept.length} of ${value.length} characters` });
    return kept;
  }
  if (Array.isArray(value)) {
    const out: unknown[] = [];
    let used = 2;
    for (const [index, item] of value.entries()) {
      const itemSize = jsonBytes(item) + (out.length > 0 ? 1 : 0);
      if (used + itemSize <= budget) {
        out.push(item);
        used += itemSize;
        continue;
      }
      if (out.length === 0 && budget - used > 16) {
        out.push(shrink(item, budget - used, pointer(path, index), omitted));
      }
      break;
    }
    omitted.push({ path, kept: `${out.length} of ${value.length} items` });
    return out;
  }
  if (isObject(value)) {
    // Water-filling: small members are kept whole, the large ones share what is left equally.
    const entries = Object.entries(value).map(([key, member]) => ({ key, member, size: jsonBytes(member), keyBytes: jsonBytes(key) + 2 }));
    const order = [...entries].sort((a, b) => a.size - b.size);
    let remaining = budget - 2;
    const kept = new Map<string, unknown>();
    for (const [index, entry] of order.entries()) {
      const share = remaining / (order.length - index) - entry.keyBytes;
      if (share <= 0) break;
      const member = entry.size <= share ? entry.member : shrink(entry.member, share, pointer(path, entry.key), omitted);
      kept.set(entry.key, member);
      remaining -= jsonBytes(member) + entry.keyBytes;
    }
    if (kept.size < entries.length) omitted.push({ path, kept: `${kept.size} of ${entries.length} keys` });
    return Object.fromEntries(entries.filter((entry) => kept.has(entry.key)).map((entry) => [entry.key, kept.get(entry.key)]));
  }
  omitted.push({ path, kept: 'nothing' });
  return null;
}

/**
 * Cuts a JSON value down to `maxBytes` without changing its shape: long strings keep their start,
 * arrays their first items, objects keep every small member whole and share the rest of the
 * budget among the large ones. Every cut is listed, by JSON Pointer, so the caller can say what
 * was left out and how to get it.
 */
export function fitJson(value: unknown, maxBytes: number): Fitted {
  const omitted: Omission[] = [];
  const fitted = shrink(value, maxBytes, '', omitted);
  // The shares are estimates (a cut member may still cost more than its share); when the whole
  // comes out over, cut the original again with a smaller budget, so what `omitted` says is
  // measured against the original value, not against an earlier cut.
  if (jsonBytes(fitted) > maxBytes && maxBytes > 0) return fitJson(value, Math.floor(maxBytes * 0.95));
  return { value: fitted, omitted: omitted.sort((a, b) => a.path.localeCompare(b.path)) };
}

/** The value at a JSON Pointer ('' is the whole value), or undefined. */
export function atPointer(value: unknown, path: string): unknown {
  if (path === '') return value;
  let node: unknown = value;
  for (const raw of path.replace(/^\//, '').split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(node)) node = node[Number(key)];
    else if (isObject(node)) node = node[key];
    else return undefined;
  }
  return node;
}

export interface Page {
  readonly page: number;
  readonly pages: number;
  readonly value: unknown;
}

function slices<T>(items: readonly T[], bytes: number, page: number, pageBytes: number) {
  const perPage = Math.max(1, Math.floor((items.length * pageBytes) / Math.max(1, bytes)));
  const pages = Math.ceil(items.length / perPage);
  const index = Math.min(Math.max(1, page), pages);
  return { page: index, pages, items: items.slice((index - 1) * perPage, index * perPage) };
}

/**
 * Splits an array (by items), an object (by keys) or a string (by characters) into pages of about
 * `pageBytes` each and returns page `page` (1-based, clamped to the last). A small value is one page.
 */
export function pageOf(value: unknown, page: number, pageBytes: number): Page {
  const bytes = jsonBytes(value);
  if (bytes <= pageBytes) return { page: 1, pages: 1, value };
  if (Array.isArray(value)) {
    const { items, ...at } = slices(value, bytes, page, pageBytes);
    return { ...at, value: items };
  }
  if (isObject(value)) {
    const { items, ...at } = slices(Object.entries(value), bytes, page, pageBytes);
    return { ...at, value: Object.fromEntries(items) };
  }
  if (typeof value === 'string') {
    const { items, ...at } = slices([...value], bytes, page, pageBytes);
    return { ...at, value: items.join('') };
  }
  return { page: 1, pages: 1, value };
}
