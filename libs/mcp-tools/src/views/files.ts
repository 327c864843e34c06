import { uris } from '../lib/resources.js';
import { data, isObject, link, type View } from './shared.js';

/**
 * read_file: the files with their contents while they fit a share of the result budget; larger
 * contents are left out and linked as resources (paged), so a project with big notebooks or data
 * files still answers with its whole list.
 */
export const filesView: View = async (input) => {
  const files = input.data.files;
  if (!Array.isArray(files)) return data(input.data);
  let room = Math.floor(input.context.resultMaxBytes * Number(input.options.contentShare ?? 0.4));
  const links = [];
  const out = [];
  for (const file of files) {
    if (!isObject(file) || typeof file.content !== 'string') {
      out.push(file);
      continue;
    }
    const bytes = Buffer.byteLength(file.content);
    if (bytes <= room) {
      room -= bytes;
      out.push({ ...file, bytes });
      continue;
    }
    const { content: _content, ...rest } = file;
    const uri = uris.file(input.sent.projectId, String(file.name));
    links.push(link(uri, String(file.name), `${file.name} (${bytes} bytes), paged`));
    out.push({ ...rest, bytes, content: null, contentOmitted: `too large to inline here; read the resource ${uri}` });
  }
  return data({ ...input.data, files: out }, links);
};
