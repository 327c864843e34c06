import { PRESETS, type Tool } from '@qc-mcp/mcp-tools';

/**
 * The tools a server offers, given the selected toolsets (and presets, which name tools across
 * toolsets) and read-only mode.
 */
export function selectTools(
  tools: readonly Tool[],
  options: { toolsets?: readonly string[]; readOnly?: boolean },
  presets: Readonly<Record<string, readonly string[]>> = PRESETS,
): Tool[] {
  const named = new Set((options.toolsets ?? []).flatMap((name) => presets[name] ?? []));
  return tools.filter(
    ({ definition }) =>
      (options.toolsets === undefined || options.toolsets.includes(definition.toolset) || named.has(definition.name)) &&
      (!options.readOnly || definition.annotations.readOnlyHint),
  );
}
