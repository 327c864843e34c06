import { logger, type Tree } from '@nx/devkit';
import { readFile } from 'node:fs/promises';
import { formatUnmatched } from '../../core/overlay.js';
import { buildSurface, diffSurfaces, formatSurfaceDiff } from '../../core/surface.js';
import { generateInto } from '../../io/run.js';
import { CACHE_DIR, downloadFailure, sha256, SOURCE_FILE, specPath, type SpecSource } from '../../io/spec-source.js';

export interface UpdateSpecOptions {
  /** A local spec file to move to; without it the newest upstream commit is downloaded. */
  readonly spec?: string;
  /** The upstream commit the file comes from. */
  readonly commit?: string;
}

const rawUrl = (source: SpecSource, commit: string) =>
  `https://raw.githubusercontent.com/${source.repository}/${commit}/${source.path}`;

async function latestCommit(source: SpecSource): Promise<string> {
  const url = `https://api.github.com/repos/${source.repository}/commits?path=${encodeURIComponent(source.path)}&per_page=1`;
  const response = await fetch(url, { signal: AbortSignal.timeout(20_000), headers: { accept: 'application/vnd.github+json' } });
  if (!response.ok) throw new Error(`GitHub answered HTTP ${response.status} for ${url}`);
  const [latest] = (await response.json()) as { sha: string }[];
  if (!latest) throw new Error(`No commit touches ${source.path} in ${source.repository}.`);
  return latest.sha;
}

async function download(url: string): Promise<string> {
  const response = await fetch(url, { signal: AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`HTTP ${response.status} for ${url}`);
  return response.text();
}

/**
 * `nx g @qc-mcp/generators:update-spec [--spec PATH]`: pins a new upstream spec in
 * openapi/source.json, regenerates everything and reports which tools were added, removed or changed.
 */
export default async function updateSpecGenerator(tree: Tree, options: UpdateSpecOptions = {}): Promise<void> {
  const previous = JSON.parse(tree.read(SOURCE_FILE, 'utf-8') ?? '{}') as SpecSource;
  if (options.spec && !options.commit) {
    throw new Error(
      'With --spec, also pass --commit SHA: the upstream commit the file comes from, so openapi/source.json records where anyone can download it.',
    );
  }
  if (options.commit && !/^[0-9a-f]{7,40}$/i.test(options.commit)) throw new Error(`--commit must be a git commit sha (7 to 40 hex digits), got "${options.commit}".`);
  let text: string;
  let commit: string;
  try {
    commit = options.commit ?? (await latestCommit(previous));
    text = options.spec ? await readFile(specPath(options.spec), 'utf8') : await download(rawUrl(previous, commit));
  } catch (error) {
    throw new Error(
      `Could not fetch the newest upstream spec (${downloadFailure(error)}). ` +
        'Offline, pass a file: npx nx g @qc-mcp/generators:update-spec --spec PATH --commit SHA.',
    );
  }
  const digest = sha256(text);
  const next: SpecSource = { ...previous, commit, url: rawUrl(previous, commit), sha256: digest };
  const surfaceBefore = tree.exists('openapi/mcp-surface.json')
    ? (JSON.parse(tree.read('openapi/mcp-surface.json', 'utf-8') ?? '{}') as ReturnType<typeof buildSurface>)
    : undefined;
  const result = await generateInto(tree, { text, sha256: digest, origin: options.spec ?? next.url }, next, { reviewStaleOverlays: true });
  tree.write(SOURCE_FILE, `${JSON.stringify(next, null, 2)}\n`);
  tree.write(`${CACHE_DIR}/${digest}.yaml`, text);
  logger.info(`Pinned ${next.path} at ${commit} (sha256 ${digest}).`);
  logger.info(`Tools:\n${formatSurfaceDiff(diffSurfaces(surfaceBefore, buildSurface(result.model)))}`);
  for (const warning of result.warnings) logger.warn(warning);
  if (result.unmatched.length > 0) {
    logger.error(
      `${result.unmatched.length} overlay action(s) no longer match the new spec:\n${formatUnmatched(result.unmatched)}\n` +
        'Fix or delete each one, then run npx nx g @qc-mcp/generators:api (it fails until they are fixed).',
    );
    process.exitCode = 1;
  }
  if (digest !== previous.sha256) {
    logger.info(`Point ${'QUANTCONNECT_OPENAPI_SPEC'} at the new file, or unset it to use ${CACHE_DIR}/${digest}.yaml.`);
  }
}
