// A scripted model session against a loopback QuantConnect that answers with bodies of real size:
// create a project, write a file, compile with an error, fix it, compile, backtest, read the
// results and the orders. Reports the bytes of every MCP result beside the QuantConnect body it
// came from.
//   node tools/bench/session.mjs   (after `npx nx run mcp-local:build`)
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { build } from 'esbuild';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));

/** The realistic bodies are TypeScript test fixtures; bundle them once for this plain script. */
async function fixtures() {
  const out = await build({ entryPoints: [`${root}libs/api-client/src/testing/large-bodies.ts`], bundle: true, platform: 'node', format: 'esm', write: false, logLevel: 'error' });
  return import(`data:text/javascript;base64,${Buffer.from(out.outputFiles[0].text).toString('base64')}`);
}

const PROJECT_ID = 24937988;

/** A stateful QuantConnect stand-in: the first build fails, the second succeeds; the backtest runs, then completes. */
async function startSessionFake(bodies) {
  const big = bodies.largeBacktestBody();
  const backtestId = big.backtest.backtestId;
  const orders = Object.values(big.backtest.orders).slice(0, 100);
  const state = { compiles: 0, backtestReads: 0, served: 0 };
  const routes = {
    '/projects/create': () => ({ projects: [{ projectId: PROJECT_ID, name: 'Bench', language: 'Py', modified: '2025-11-10 13:00:06' }], versions: [], success: true }),
    '/files/create': () => ({ success: true, errors: [] }),
    '/files/update': () => ({ success: true, errors: [] }),
    '/compile/create': () => ({ compileId: `c-${(state.compiles += 1)}`, state: 'InQueue', projectId: PROJECT_ID, signature: 'x', signatureOrder: [], parameters: [], success: true }),
    '/compile/read': (body) =>
      body.compileId === 'c-1'
        ? { compileId: 'c-1', state: 'BuildError', logs: ['Build Error: File: main.py Line: 9 Column: 22 - SyntaxError: invalid syntax'], success: true }
        : { compileId: body.compileId, state: 'BuildSuccess', logs: ['Build succeeded'], success: true },
    '/backtests/create': () => ({ backtest: { backtestId, projectId: PROJECT_ID, name: 'bench', status: 'In Queue...', completed: false, progress: 0 }, success: true }),
    '/backtests/read': () => ((state.backtestReads += 1) === 1 ? { backtest: { ...big.backtest, completed: false, progress: 0.5, status: 'Running: 50%', statistics: [] }, success: true } : big),
    '/backtests/orders/read': () => ({ orders, length: orders.length, success: true }),
  };
  const server = createServer((req, res) => {
    const chunks = [];
    req.on('data', (chunk) => chunks.push(chunk));
    req.on('end', () => {
      const path = new URL(req.url ?? '/', 'http://x').pathname.replace(/^\/api\/v2/, '');
      const route = routes[path];
      const text = JSON.stringify(route ? route(JSON.parse(Buffer.concat(chunks).toString() || '{}')) : { success: false, errors: [`no route ${path}`] });
      state.served += Buffer.byteLength(text);
      res.writeHead(200, { 'content-type': 'application/json' }).end(text);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(undefined)));
  const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
  return { url: `http://127.0.0.1:${port}/api/v2`, state, backtestId, close: () => (server.closeAllConnections(), server.close()) };
}

const bytes = (value) => Buffer.byteLength(JSON.stringify(value), 'utf8');

/** Runs the session through the built bin over stdio and returns one row per step plus the totals. */
export async function runSession(bin) {
  const bodies = await fixtures();
  const fake = await startSessionFake(bodies);
  const client = new Client({ name: 'bench-session', version: '1' });
  await client.connect(
    new StdioClientTransport({
      command: process.execPath,
      args: [bin],
      env: { PATH: process.env.PATH ?? '', QUANTCONNECT_USER_ID: '1', QUANTCONNECT_API_TOKEN: 'bench-token', QUANTCONNECT_API_BASE_URL: fake.url },
      stderr: 'ignore',
    }),
  );
  const rows = [];
  const step = async (label, run) => {
    const before = fake.state.served;
    const result = await run();
    rows.push({ label, result: bytes(result), upstream: fake.state.served - before, isError: Boolean(result.isError) });
    return result;
  };
  const listed = await step('tools/list (every tool)', () => client.listTools());
  const code = 'from AlgorithmImports import *\n\nclass Bench(QCAlgorithm):\n    def initialize(self):\n        self.set_start_date(2020, 1, 1)\n        self.add_equity("SPY")\n\n    def on_data(self, data):\n        if not self.portfolio.invested self.set_holdings("SPY", 1)\n';
  await step('create_project', () => client.callTool({ name: 'create_project', arguments: { name: 'Bench', language: 'Py' } }));
  await step('create_file main.py', () => client.callTool({ name: 'create_file', arguments: { projectId: PROJECT_ID, name: 'main.py', content: code } }));
  const failed = await step('create_compile (build error, waits)', () => client.callTool({ name: 'create_compile', arguments: { projectId: PROJECT_ID } }));
  await step('update_file_contents (the fix)', () =>
    client.callTool({ name: 'update_file_contents', arguments: { projectId: PROJECT_ID, name: 'main.py', content: code.replace('invested self', 'invested: self') } }),
  );
  const compiled = await step('create_compile (build success, waits)', () => client.callTool({ name: 'create_compile', arguments: { projectId: PROJECT_ID } }));
  await step('create_backtest (waits for the result)', () =>
    client.callTool({ name: 'create_backtest', arguments: { projectId: PROJECT_ID, compileId: compiled.structuredContent.compileId, backtestName: 'bench', waitSeconds: 10 } }),
  );
  await step('read_backtest (summary)', () => client.callTool({ name: 'read_backtest', arguments: { projectId: PROJECT_ID, backtestId: fake.backtestId } }));
  await step('resources/read Strategy Equity chart (100 points)', () =>
    client.readResource({ uri: `qc://projects/${PROJECT_ID}/backtests/${fake.backtestId}/charts/Strategy%20Equity?points=100` }),
  );
  await step('read_backtest_orders 0-99', () => client.callTool({ name: 'read_backtest_orders', arguments: { projectId: PROJECT_ID, backtestId: fake.backtestId, start: 0, end: 99 } }));
  await client.close();
  fake.close();
  const compileErrors = failed.structuredContent?.compileErrors ?? [];
  return {
    rows,
    tools: listed.tools.length,
    compileErrors,
    total: { result: rows.reduce((sum, row) => sum + row.result, 0), upstream: rows.reduce((sum, row) => sum + row.upstream, 0) },
  };
}

/** The session as a markdown table: bytes and bytes/4 as tokens, beside QuantConnect's bytes. */
export function sessionTable(session) {
  const tokens = (value) => Math.round(value / 4).toLocaleString('en-US');
  const number = (value) => value.toLocaleString('en-US');
  return [
    '| step | MCP result bytes | ≈ tokens (bytes/4) | QuantConnect bytes |',
    '|---|---|---|---|',
    ...session.rows.map((row) => `| ${row.label}${row.isError ? ' (error)' : ''} | ${number(row.result)} | ${tokens(row.result)} | ${number(row.upstream)} |`),
    `| **total** | **${number(session.total.result)}** | **${tokens(session.total.result)}** | **${number(session.total.upstream)}** |`,
  ].join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const session = await runSession(`${root}apps/mcp-local/dist/quantconnect-mcp.js`);
  console.log(sessionTable(session));
  console.log('compile errors seen by the model:', JSON.stringify(session.compileErrors));
}
