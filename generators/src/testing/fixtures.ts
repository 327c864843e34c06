import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import type { GenerateInput, JsonObject } from '../core/types.js';

export const fixturesDir = fileURLToPath(new URL('../../fixtures/', import.meta.url));
export const workspaceRoot = fileURLToPath(new URL('../../../', import.meta.url));

/** A one-feature fixture: its spec and its single overlay, ready for the core. */
export function fixtureInput(name: string): GenerateInput {
  const read = (file: string) => parse(readFileSync(`${fixturesDir}${name}/${file}`, 'utf8')) as JsonObject;
  return {
    spec: read('spec.yaml'),
    specSha256: `fixture-${name}`,
    specName: `${name}.yaml`,
    overlays: [{ name: `${name}/overlay.yaml`, document: read('overlay.yaml') }],
  };
}
