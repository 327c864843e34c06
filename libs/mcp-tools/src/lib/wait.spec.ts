import { describe, expect, it } from 'vitest';
import { JOBS } from './wait.js';

function job(name: string) {
  const kind = JOBS[name];
  if (!kind) throw new Error(`no job kind ${name}`);
  return kind;
}
const [compile, backtest, optimization] = [job('compile'), job('backtest'), job('optimization')];

describe('compile jobs', () => {
  it('are read by project and compile id; no id, nothing to poll', () => {
    expect(compile.pollArgs({ projectId: 7 }, { compileId: 'c-1', state: 'InQueue' })).toEqual({ projectId: 7, compileId: 'c-1' });
    expect(compile.pollArgs({ projectId: 7 }, { compileId: 12 })).toBeUndefined();
    expect(compile.pollArgs({ projectId: 7 }, ['c-1'])).toBeUndefined();
  });

  it.each([
    [{ state: 'InQueue' }, false, 'InQueue'],
    [{ state: 'BuildSuccess' }, true, 'BuildSuccess'],
    [{ state: 'BuildError' }, true, 'BuildError'],
    [{ state: 3 }, false, '3'],
    [{}, false, 'unknown'],
    [null, false, 'unknown'],
    ['BuildSuccess', false, 'unknown'],
  ])('%j: done %s, status %s', (answer, done, status) => {
    expect(compile.done(answer)).toBe(done);
    expect(compile.status(answer)).toBe(status);
    expect(compile.progress(answer)).toBeUndefined();
  });
});

describe('backtest jobs', () => {
  it("are read by the answer's ids, else the ones sent", () => {
    expect(backtest.pollArgs({ projectId: 7 }, { backtest: { backtestId: 'b-1', projectId: 8 } })).toEqual({ projectId: 8, backtestId: 'b-1' });
    expect(backtest.pollArgs({ projectId: 7, backtestId: 'b-2' }, { backtest: {} })).toEqual({ projectId: 7, backtestId: 'b-2' });
    expect(backtest.pollArgs({ projectId: 7 }, { backtest: { backtestId: 5 } })).toBeUndefined();
    expect(backtest.pollArgs({ projectId: 7 }, { backtest: 'b-1' })).toBeUndefined();
  });

  it.each([
    [{ completed: false, status: 'In Progress...' }, false],
    [{ completed: true, status: 'Completed.' }, true],
    [{ completed: false, error: 'Runtime Error: boom' }, true],
    [{ completed: false, error: '' }, false],
    [{ completed: false, error: 42 }, false],
    [{ completed: false, hasInitializeError: true }, true],
    [{ completed: false, hasInitializeError: 'true' }, false],
    [{ completed: false, status: 'Runtime Error' }, true],
    [{ completed: false, status: 'runtimeerror' }, true],
    [{ completed: 'true' }, false],
  ])('%j is done: %s', (body, done) => {
    expect(backtest.done({ backtest: body })).toBe(done);
  });

  it('reports progress as a fraction, whether sent as one or as a percentage', () => {
    expect(backtest.progress({ backtest: { progress: 0.25 } })).toBe(0.25);
    expect(backtest.progress({ backtest: { progress: '40' } })).toBe(0.4);
    expect(backtest.progress({ backtest: { progress: 1 } })).toBe(1);
    expect(backtest.progress({ backtest: { progress: 'n/a' } })).toBeUndefined();
    expect(backtest.progress({ backtest: {} })).toBeUndefined();
    expect(backtest.status({ backtest: { status: 'In Progress...' } })).toBe('In Progress...');
    expect(backtest.status({})).toBe('unknown');
  });
});

describe('optimization jobs', () => {
  it('find the id where create, list and read answers put it, else the one sent', () => {
    expect(optimization.pollArgs({}, { optimizationId: 'O-1', optimizations: [{ optimizationId: 'O-2' }] })).toEqual({ optimizationId: 'O-1' });
    expect(optimization.pollArgs({}, { optimizations: [{ optimizationId: 'O-2' }], optimization: { optimizationId: 'O-3' } })).toEqual({ optimizationId: 'O-2' });
    expect(optimization.pollArgs({}, { optimizations: ['O-2'], optimization: { optimizationId: 'O-3' } })).toEqual({ optimizationId: 'O-3' });
    expect(optimization.pollArgs({ optimizationId: 'O-4' }, { success: true })).toEqual({ optimizationId: 'O-4' });
    expect(optimization.pollArgs({}, { optimizationId: 9 })).toBeUndefined();
    expect(optimization.pollArgs({}, null)).toBeUndefined();
  });

  it.each([
    ['Completed', true],
    ['aborted', true],
    ['Error', true],
    ['Failed', true],
    ['Runtime Error', true],
    ['Cancelled', true],
    ['Running', false],
    ['New', false],
    ['', false],
  ])('status %s is done: %s', (status, done) => {
    expect(optimization.done({ optimization: { status } })).toBe(done);
    expect(optimization.status({ optimization: { status } })).toBe(status);
  });

  it('without a status it is not done and says unknown', () => {
    expect(optimization.done({ optimization: {} })).toBe(false);
    expect(optimization.status({ optimization: {} })).toBe('unknown');
    expect(optimization.progress({})).toBeUndefined();
  });
});
