// Starts the built bin in HTTP mode on a free loopback port and resolves with its URL once it listens.
import { spawn } from 'node:child_process';

/** @param {{ bin: string, env?: NodeJS.ProcessEnv, args?: string[] }} options */
export function startHttpBin({ bin, env = process.env, args = [] }) {
  const child = spawn(process.execPath, [bin, '--http', '--port', '0', ...args], { env, stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let stderr = '';
    const timer = setTimeout(() => reject(new Error(`the server did not start within 15 s: ${stderr}`)), 15_000);
    timer.unref();
    child.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /serving Streamable HTTP at (\S+)/.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({ url: match[1], child, stop: () => child.kill('SIGTERM') });
      }
    });
    child.once('exit', (code) => reject(new Error(`the server exited (${code}): ${stderr}`)));
  });
}
