import { logger, type Tree } from '@nx/devkit';
import { generateInto } from '../../io/run.js';
import { resolveSpec, SOURCE_FILE, type SpecSource } from '../../io/spec-source.js';

export interface ApiGeneratorOptions {
  /** Path to the upstream spec; defaults to QUANTCONNECT_OPENAPI_SPEC, the cache, then a download. */
  readonly spec?: string;
}

/** `nx g @qc-mcp/generators:api`: regenerates the client, Zod schemas, tool definitions and surface file. */
export default async function apiGenerator(tree: Tree, options: ApiGeneratorOptions = {}): Promise<void> {
  const text = tree.read(SOURCE_FILE, 'utf-8');
  if (!text) throw new Error(`${SOURCE_FILE} is missing: it pins the upstream spec the generator reads.`);
  const source = JSON.parse(text) as SpecSource;
  const spec = await resolveSpec(tree.root, { explicitPath: options.spec, source });
  const result = await generateInto(tree, spec, source);
  for (const warning of result.warnings) logger.warn(warning);
  logger.info(`Generated ${result.model.tools.length} tool definitions from ${source.path} (sha256 ${spec.sha256}).`);
}
