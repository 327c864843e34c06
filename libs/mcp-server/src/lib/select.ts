import type { Tool } from '@qc-mcp/mcp-tools';

/** The tools a server offers, given the selected toolsets and read-only mode. */
export function selectTools(tools: readonly Tool[], options: { toolsets?: readonly string[]; readOnly?: boolean }): Tool[] {
  return tools.filter(
    ({ definition }) =>
      (options.toolsets === undefined || options.toolsets.includes(definition.toolset)) &&
      (!options.readOnly || definition.annotations.readOnlyHint),
  );
}
