// Fails when openapi/mcp-surface.json differs from what the generator produces from the committed
// overlays and pinned spec (run after the `generate` target).
import { execFileSync } from 'node:child_process';

const file = 'openapi/mcp-surface.json';
const git = (...args) => execFileSync('git', args, { encoding: 'utf8' });
try {
  git('ls-files', '--error-unmatch', file);
} catch {
  console.error(`${file} is not committed. Commit it: it is the reviewable record of the tool surface.`);
  process.exit(1);
}
const diff = git('diff', '--stat', '--', file);
if (diff.trim() !== '') {
  console.error(`${file} is stale: the overlays or the spec changed the tool surface.\n${git('diff', '--', file)}`);
  console.error(`Review the change above and commit ${file}.`);
  process.exit(1);
}
console.log(`${file} matches the generated surface.`);
