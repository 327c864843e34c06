import { largeBacktestBody } from '@qc-mcp/api-client/testing';
import nock from 'nock';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, qcApi, textOf } from '../testing/harness.js';

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());

/** A clock that only moves when a wait sleeps, so waits run instantly and deterministically. */
function fakeClock() {
  let now = 1_000_000;
  const slept: number[] = [];
  return {
    slept,
    now: () => now,
    sleep: async (ms: number) => {
      slept.push(ms);
      now += ms;
    },
  };
}

const PROJECT = 24937988;
const queued = { compileId: 'c-1', state: 'InQueue', projectId: PROJECT, logs: [], success: true };
const failedBuild = {
  compileId: 'c-1',
  state: 'BuildError',
  logs: ['Build Error: File: main.py Line: 12 Column: 5 - invalid syntax', "main.cs(14,13): error CS0103: The name 'x' does not exist"],
  success: true,
};
const built = { compileId: 'c-1', state: 'BuildSuccess', logs: ['Build succeeded'], success: true };

describe('create_compile waits for the build', () => {
  it('sends the compile once, polls read_compile with backoff and answers the errors by file and line', async () => {
    const clock = fakeClock();
    const create = qcApi().post('/api/v2/compile/create', { projectId: PROJECT }).once().reply(200, queued);
    const polls = qcApi().post('/api/v2/compile/read', { projectId: PROJECT, compileId: 'c-1' }).twice().reply(200, queued);
    const last = qcApi().post('/api/v2/compile/read', { projectId: PROJECT, compileId: 'c-1' }).reply(200, failedBuild);
    const { mcp, close } = await connect({ ...clock });
    const progress: number[] = [];
    const result = await mcp.callTool({ name: 'create_compile', arguments: { projectId: PROJECT } }, undefined, { onprogress: (event) => progress.push(event.progress) });
    expect(create.isDone() && polls.isDone() && last.isDone()).toBe(true);
    expect(clock.slept).toEqual([1_000, 1_500, 2_250]);
    const data = result.structuredContent as Record<string, unknown>;
    expect(data.state).toBe('BuildError');
    expect(data.compileErrors).toEqual([
      { file: 'main.py', line: 12, column: 5, message: 'invalid syntax' },
      { file: 'main.cs', line: 14, column: 13, message: "CS0103: The name 'x' does not exist" },
    ]);
    expect(data.wait).toEqual({ done: true, waitedSeconds: 4.8, status: 'BuildError' });
    // One progress notification before polling and one per poll, strictly increasing.
    expect(progress).toHaveLength(4);
    expect([...progress].sort((a, b) => a - b)).toEqual(progress);
    await close();
  });

  it('stops at waitSeconds and says exactly which call reads the build', async () => {
    const clock = fakeClock();
    qcApi().post('/api/v2/compile/create').once().reply(200, queued);
    qcApi().post('/api/v2/compile/read').times(10).reply(200, queued);
    const { mcp, close } = await connect({ ...clock });
    const result = await mcp.callTool({ name: 'create_compile', arguments: { projectId: PROJECT, waitSeconds: 3 } });
    const wait = (result.structuredContent as { wait: Record<string, unknown> }).wait;
    expect(wait.done).toBe(false);
    expect(wait.next).toBe(
      `The compile is still running (InQueue): call read_compile with {"projectId":${PROJECT},"compileId":"c-1"}, or pass waitSeconds to wait longer.`,
    );
    expect(clock.slept.reduce((sum, ms) => sum + ms, 0)).toBe(3_000);
    await close();
  });

  it('waitSeconds 0 answers at once, without polling', async () => {
    const clock = fakeClock();
    const create = qcApi().post('/api/v2/compile/create').once().reply(200, queued);
    const { mcp, close } = await connect({ ...clock });
    const progress: number[] = [];
    const result = await mcp.callTool({ name: 'create_compile', arguments: { projectId: PROJECT, waitSeconds: 0 } }, undefined, {
      onprogress: (event) => progress.push(event.progress),
    });
    expect(create.isDone()).toBe(true);
    expect(clock.slept).toEqual([]);
    expect(progress).toEqual([]);
    expect((result.structuredContent as { wait: Record<string, unknown> }).wait).toEqual({
      done: false,
      waitedSeconds: 0,
      status: 'InQueue',
      next: `The compile is still running (InQueue): call read_compile with {"projectId":${PROJECT},"compileId":"c-1"}, or pass waitSeconds to wait longer.`,
    });
    await close();
  });

  it('a first answer that is already final is returned without polling or progress', async () => {
    const clock = fakeClock();
    qcApi().post('/api/v2/compile/create').once().reply(200, built);
    const { mcp, close } = await connect({ ...clock });
    const progress: number[] = [];
    const result = await mcp.callTool({ name: 'create_compile', arguments: { projectId: PROJECT } }, undefined, { onprogress: (event) => progress.push(event.progress) });
    expect(clock.slept).toEqual([]);
    expect(progress).toEqual([]);
    expect((result.structuredContent as { wait: unknown }).wait).toEqual({ done: true, waitedSeconds: 0, status: 'BuildSuccess' });
    await close();
  });

  it('an answer without a compile id cannot be polled: it says which tool reads builds', async () => {
    const clock = fakeClock();
    qcApi().post('/api/v2/compile/create').once().reply(200, { state: 'InQueue', success: true });
    const { mcp, close } = await connect({ ...clock });
    const result = await mcp.callTool({ name: 'create_compile', arguments: { projectId: PROJECT } });
    expect(clock.slept).toEqual([]);
    expect((result.structuredContent as { wait: unknown }).wait).toEqual({
      done: false,
      waitedSeconds: 0,
      status: 'InQueue',
      next: 'The compile is still running (InQueue): call read_compile, or pass waitSeconds to wait longer.',
    });
    await close();
  });

  it('a poll that fails once is tried again (reads are retried) and the wait goes on', async () => {
    const clock = fakeClock();
    qcApi().post('/api/v2/compile/create').once().reply(200, queued);
    qcApi().post('/api/v2/compile/read').once().reply(503, 'busy');
    qcApi().post('/api/v2/compile/read').once().reply(200, built);
    const { mcp, close } = await connect({ ...clock });
    const result = await mcp.callTool({ name: 'create_compile', arguments: { projectId: PROJECT } });
    expect((result.structuredContent as { wait: unknown }).wait).toEqual({ done: true, waitedSeconds: 1, status: 'BuildSuccess' });
    await close();
  });

  it('the server bound caps any wait (the Lambda keeps under API Gateway limits)', async () => {
    const clock = fakeClock();
    qcApi().post('/api/v2/compile/create').once().reply(200, queued);
    qcApi().post('/api/v2/compile/read').times(20).reply(200, queued);
    const { mcp, close } = await connect({ ...clock, maxWaitSeconds: 2 });
    await mcp.callTool({ name: 'create_compile', arguments: { projectId: PROJECT, waitSeconds: 50 } });
    expect(clock.slept.reduce((sum, ms) => sum + ms, 0)).toBe(2_000);
    await close();
  });

  it('a failing poll ends the wait with what is known, not an error: the compile was started', async () => {
    const clock = fakeClock();
    qcApi().post('/api/v2/compile/create').once().reply(200, queued);
    qcApi().post('/api/v2/compile/read').reply(400, { success: false, errors: ['nope'] });
    const { mcp, close } = await connect({ ...clock });
    const result = await mcp.callTool({ name: 'create_compile', arguments: { projectId: PROJECT } });
    expect(result.isError).toBeFalsy();
    const wait = (result.structuredContent as { wait: Record<string, unknown> }).wait;
    expect(wait.pollFailure).toBe("Could not check the compile's status (QuantConnect answered HTTP 400: nope); it was started.");
    expect(wait.done).toBe(false);
    await close();
  });

  it('a cancelled call stops waiting: no poll is sent after the cancellation', async () => {
    qcApi().post('/api/v2/compile/create').once().reply(200, queued);
    const polls = qcApi().post('/api/v2/compile/read').reply(200, queued);
    const controller = new AbortController();
    const { mcp, close } = await connect({
      sleep: (ms, signal) =>
        new Promise((resolve, reject) => {
          controller.abort();
          if (signal.aborted) reject(signal.reason);
          else signal.addEventListener('abort', () => reject(signal.reason), { once: true });
          void ms;
          void resolve;
        }),
    });
    await expect(mcp.callTool({ name: 'create_compile', arguments: { projectId: PROJECT } }, undefined, { signal: controller.signal })).rejects.toThrow();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(polls.isDone()).toBe(false);
    await close();
  });
});

describe('create_backtest and run_backtest', () => {
  const body = largeBacktestBody();
  const backtestId = (body.backtest as { backtestId: string }).backtestId;
  const running = { backtest: { ...body.backtest, completed: false, progress: 0.4, status: 'Running: 40%', statistics: [] }, success: true };

  it('create_backtest waits for the backtest and answers with its summary', async () => {
    const clock = fakeClock();
    const create = qcApi().post('/api/v2/backtests/create', { projectId: PROJECT, compileId: 'c-1', backtestName: 'b' }).once().reply(200, running);
    qcApi().post('/api/v2/backtests/read', { projectId: PROJECT, backtestId }).reply(200, running);
    qcApi().post('/api/v2/backtests/read', { projectId: PROJECT, backtestId }).reply(200, body);
    const { mcp, close } = await connect({ ...clock });
    const progress: { progress: number; total?: number }[] = [];
    const result = await mcp.callTool(
      { name: 'create_backtest', arguments: { projectId: PROJECT, compileId: 'c-1', backtestName: 'b' } },
      undefined,
      { onprogress: (event) => progress.push(event) },
    );
    expect(create.isDone()).toBe(true);
    const data = result.structuredContent as Record<string, Record<string, unknown>>;
    expect(data.backtest?.statistics).toEqual((body.backtest as Record<string, unknown>).statistics);
    expect(data.wait).toMatchObject({ done: true, status: 'Completed.' });
    expect(progress.map((event) => event.progress)).toEqual([0.4, 1]);
    expect(progress[0]?.total).toBe(1);
    expect(Buffer.byteLength(JSON.stringify(result))).toBeLessThanOrEqual(100_000);
    await close();
  });

  it('run_backtest compiles, backtests and summarises in one call, sending each create once', async () => {
    const clock = fakeClock();
    const compile = qcApi().post('/api/v2/compile/create', { projectId: PROJECT }).once().reply(200, queued);
    qcApi().post('/api/v2/compile/read', { projectId: PROJECT, compileId: 'c-1' }).reply(200, built);
    const backtest = qcApi()
      .post('/api/v2/backtests/create', { projectId: PROJECT, backtestName: 'nightly', parameters: { fast: 10 }, compileId: 'c-1' })
      .once()
      .reply(200, running);
    qcApi().post('/api/v2/backtests/read', { projectId: PROJECT, backtestId }).reply(200, body);
    const { mcp, close } = await connect({ ...clock });
    const result = await mcp.callTool({ name: 'run_backtest', arguments: { projectId: PROJECT, backtestName: 'nightly', parameters: { fast: 10 } } });
    expect(compile.isDone() && backtest.isDone()).toBe(true);
    const data = result.structuredContent as Record<string, Record<string, unknown>>;
    expect(data.stage).toBe('backtest');
    expect(data.compile).toEqual({ compileId: 'c-1', state: 'BuildSuccess' });
    expect(data.backtest?.status).toBe('Completed.');
    expect(data.counts?.orders).toBe(1_500);
    await close();
  });

  it('run_backtest stops at a failed build with its errors and starts no backtest', async () => {
    const clock = fakeClock();
    qcApi().post('/api/v2/compile/create').once().reply(200, queued);
    qcApi().post('/api/v2/compile/read').reply(200, failedBuild);
    const backtest = qcApi().post('/api/v2/backtests/create').reply(200, running);
    const { mcp, close } = await connect({ ...clock });
    const result = await mcp.callTool({ name: 'run_backtest', arguments: { projectId: PROJECT, backtestName: 'nightly' } });
    expect(backtest.isDone()).toBe(false);
    const data = result.structuredContent as Record<string, Record<string, unknown>>;
    expect(data.stage).toBe('compile');
    expect(data.compile?.compileErrors).toEqual([
      { file: 'main.py', line: 12, column: 5, message: 'invalid syntax' },
      { file: 'main.cs', line: 14, column: 13, message: "CS0103: The name 'x' does not exist" },
    ]);
    expect(data.wait?.next).toBe('The build failed: fix the errors in compileErrors (file and line), then call run_backtest again.');
    await close();
  });

  it('run_backtest says which call reads a build still running when its time is up, and starts no backtest', async () => {
    const clock = fakeClock();
    qcApi().post('/api/v2/compile/create').once().reply(200, queued);
    qcApi().post('/api/v2/compile/read', { projectId: PROJECT, compileId: 'c-1' }).times(10).reply(200, queued);
    const backtest = qcApi().post('/api/v2/backtests/create').reply(200, running);
    const { mcp, close } = await connect({ ...clock });
    const result = await mcp.callTool({ name: 'run_backtest', arguments: { projectId: PROJECT, backtestName: 'nightly', waitSeconds: 3 } });
    expect(backtest.isDone()).toBe(false);
    const data = result.structuredContent as Record<string, Record<string, unknown>>;
    expect(data.stage).toBe('compile');
    expect(data.compile).toMatchObject({ compileId: 'c-1', state: 'InQueue' });
    expect(data.wait).toMatchObject({ done: false, status: 'InQueue' });
    expect(data.wait?.next).toBe(
      `The compile is still running: call read_compile with {"projectId":${PROJECT},"compileId":"c-1"}; once it says BuildSuccess, call create_backtest with its compileId.`,
    );
    expect(clock.slept.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(3_000);
    await close();
  });

  it('run_backtest shares one waitSeconds between the build and the backtest', async () => {
    const clock = fakeClock();
    qcApi().post('/api/v2/compile/create').once().reply(200, queued);
    qcApi().post('/api/v2/compile/read').once().reply(200, queued);
    qcApi().post('/api/v2/compile/read').once().reply(200, built);
    qcApi().post('/api/v2/backtests/create').once().reply(200, running);
    qcApi().post('/api/v2/backtests/read').times(20).reply(200, running);
    const { mcp, close } = await connect({ ...clock });
    const result = await mcp.callTool({ name: 'run_backtest', arguments: { projectId: PROJECT, backtestName: 'nightly', waitSeconds: 4 } });
    const data = result.structuredContent as Record<string, Record<string, unknown>>;
    expect(data.stage).toBe('backtest');
    expect(data.compile).toEqual({ compileId: 'c-1', state: 'BuildSuccess' });
    expect(data.wait).toMatchObject({ done: false });
    expect(data.wait?.next).toContain(`call read_backtest with {"projectId":${PROJECT},"backtestId":"${backtestId}"}`);
    // 1 s and 1.5 s for the build; the backtest gets what is left of the 4 s.
    expect(clock.slept.slice(0, 2)).toEqual([1_000, 1_500]);
    expect(clock.slept.reduce((sum, ms) => sum + ms, 0)).toBeLessThanOrEqual(4_000);
    await close();
  });

  it('run_backtest sends a failed create once and says it may have been started', async () => {
    qcApi().post('/api/v2/compile/create').once().reply(503, 'busy');
    const again = qcApi().post('/api/v2/compile/create').reply(200, queued);
    const { mcp, close } = await connect({ ...fakeClock() });
    const result = await mcp.callTool({ name: 'run_backtest', arguments: { projectId: PROJECT, backtestName: 'nightly' } });
    expect(result.isError).toBe(true);
    expect(again.isDone()).toBe(false);
    expect(textOf(result)).toBe(
      'QuantConnect is unavailable right now (HTTP 503) for run_backtest (busy). Try again in a minute. It may still have taken effect on QuantConnect: check with list_backtests before calling again.',
    );
    await close();

    qcApi().post('/api/v2/compile/create').once().reply(200, queued);
    qcApi().post('/api/v2/compile/read').reply(200, built);
    qcApi().post('/api/v2/backtests/create').once().reply(502, 'bad gateway');
    const backtestAgain = qcApi().post('/api/v2/backtests/create').reply(200, running);
    const second = await connect({ ...fakeClock() });
    const failed = await second.mcp.callTool({ name: 'run_backtest', arguments: { projectId: PROJECT, backtestName: 'nightly' } });
    expect(failed.isError).toBe(true);
    expect(backtestAgain.isDone()).toBe(false);
    await second.close();
  });

  it('run_backtest is listed as a write that is not idempotent', async () => {
    const { mcp, close } = await connect();
    const tool = (await mcp.listTools()).tools.find((candidate) => candidate.name === 'run_backtest');
    expect(tool?.title).toBe('Compile and backtest');
    expect(tool?.annotations).toEqual({ readOnlyHint: false, destructiveHint: false, idempotentHint: false, openWorldHint: true });
    expect(tool?.inputSchema.required).toEqual(['projectId', 'backtestName']);
    await close();
  });

  it('read_backtest with waitSeconds waits for a running backtest', async () => {
    const clock = fakeClock();
    qcApi().post('/api/v2/backtests/read').reply(200, running);
    qcApi().post('/api/v2/backtests/read').reply(200, body);
    const { mcp, close } = await connect({ ...clock });
    const result = await mcp.callTool({ name: 'read_backtest', arguments: { projectId: PROJECT, backtestId, waitSeconds: 10 } });
    expect((result.structuredContent as { wait: unknown }).wait).toMatchObject({ done: true, status: 'Completed.' });
    expect(textOf(result)).toContain('"status":"Completed."');
    await close();
  });
});
