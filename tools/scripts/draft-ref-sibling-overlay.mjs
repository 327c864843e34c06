// Drafts openapi/overlays/03-ref-siblings.yaml from the spec: every `$ref` that has sibling keywords
// (ignored in OpenAPI 3.0) becomes `allOf: [{ $ref }]`, so its description and nullability survive.
// Review the output before committing it; the overlay, not this script, is what generation reads.
//   node tools/scripts/draft-ref-sibling-overlay.mjs > openapi/overlays/03-ref-siblings.yaml
import { readFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';

const specPath = process.env.QUANTCONNECT_OPENAPI_SPEC;
if (!specPath) throw new Error('Set QUANTCONNECT_OPENAPI_SPEC to the upstream spec file.');
const spec = parse(readFileSync(specPath, 'utf8'));

const actions = [];
const toPath = (segments) => '$' + segments.map((s) => (/^[A-Za-z_][\w]*$/.test(s) ? `.${s}` : `['${s}']`)).join('');
(function walk(node, segments) {
  if (!node || typeof node !== 'object') return;
  if (typeof node.$ref === 'string' && Object.keys(node).length > 1) {
    const where = '#/' + segments.join('/');
    actions.push({
      target: toPath([...segments, '$ref']),
      description: `spec-defects row 7 (part 1): the $ref at ${where} has siblings (${Object.keys(node).filter((k) => k !== '$ref').join(', ')}) that OpenAPI 3.0 ignores; drop the bare $ref.`,
      remove: true,
    });
    actions.push({
      target: toPath(segments),
      description: `spec-defects row 7 (part 2): wrap the reference in allOf so that the description at ${where} is kept.`,
      update: { allOf: [{ $ref: node.$ref }] },
    });
  }
  for (const [key, value] of Object.entries(node)) walk(value, [...segments, key]);
})(spec, []);

process.stdout.write(
  stringify({ overlay: '1.0.0', info: { title: 'References with sibling keywords', version: '1.0.0' }, actions }, { lineWidth: 0 }),
);
