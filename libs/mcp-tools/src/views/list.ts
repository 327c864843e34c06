import { data, type View } from './shared.js';

/**
 * Long lists, a page at a time: `offset` and `limit` (local arguments) slice the list named by the
 * view's `items` option; `page` says where the next page starts.
 */
export const listView: View = async (input) => {
  const key = String(input.options.items);
  const items = input.data[key];
  if (!Array.isArray(items)) return data(input.data);
  const offset = typeof input.local.offset === 'number' ? input.local.offset : 0;
  const limit = typeof input.local.limit === 'number' ? input.local.limit : Number(input.options.defaultLimit ?? 50);
  const slice = items.slice(offset, offset + limit);
  const next = offset + slice.length < items.length ? offset + slice.length : null;
  return data({
    ...input.data,
    [key]: slice,
    page: {
      offset,
      limit,
      returned: slice.length,
      total: items.length,
      nextOffset: next,
      ...(next !== null ? { next: `call ${input.definition.name} again with offset ${next} for the next ${Math.min(limit, items.length - next)}` } : {}),
    },
  });
};
