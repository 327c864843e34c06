declare module 'openapi-format' {
  export function openapiOverlay(
    spec: unknown,
    options: { overlaySet: unknown },
  ): Promise<{ data: unknown; resultData: { unusedActions: unknown[]; usedActions: unknown[] } }>;
}
