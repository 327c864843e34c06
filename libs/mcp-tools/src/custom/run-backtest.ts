import { shape, splitArguments, waitNote } from '../lib/invoke.js';
import type { Tool, ToolDefinition } from '../lib/tool-definition.js';
import { waitForJob, waitSeconds } from '../lib/wait.js';

const STEPS = ['create_compile', 'read_compile', 'create_backtest', 'read_backtest'] as const;

/**
 * run_backtest saves a model four round trips: compile (sent once), wait for the build, stop
 * with the errors by file and line if it failed, else start the backtest (sent once), wait for it,
 * and answer with the backtest summary, all within one bounded wait.
 */
export function runBacktestTool(definition: ToolDefinition, registry: ReadonlyMap<string, ToolDefinition>): Tool {
  const [createCompile, readCompile, createBacktest, readBacktest] = STEPS.map((name) => {
    const step = registry.get(name);
    if (!step?.endpoint) throw new Error(`run_backtest needs the ${name} tool.`);
    return step as ToolDefinition & { endpoint: NonNullable<ToolDefinition['endpoint']> };
  }) as [ToolDefinition, ToolDefinition, ToolDefinition, ToolDefinition];
  return {
    definition,
    handler: async (args, context) => {
      const { sent, local } = splitArguments(definition, args);
      const seconds = waitSeconds(definition, local, context);
      const started = context.now();
      const left = () => Math.max(0, seconds - (context.now() - started) / 1000);
      const projectId = sent.projectId;

      const compileStarted = await context.qc.call(createCompile.endpoint!.path, { projectId }, { retry: false, signal: context.signal });
      const compiled = await waitForJob('compile', readCompile, { projectId }, compileStarted, left(), context);
      const compile = await shape(readCompile, compiled.answer, compiled.pollArgs ?? { projectId }, {}, context);
      const compileData = compile.kind === 'data' ? compile.data : {};
      if (!compiled.done || compileData.state !== 'BuildSuccess') {
        const failed = compiled.done;
        return {
          kind: 'data',
          data: {
            stage: 'compile',
            compile: compileData,
            wait: {
              ...waitNote('compile', readCompile, compiled),
              next: failed
                ? 'The build failed: fix the errors in compileErrors (file and line), then call run_backtest again.'
                : `The compile is still running: call read_compile with ${JSON.stringify(compiled.pollArgs ?? { projectId })}; once it says BuildSuccess, call create_backtest with its compileId.`,
            },
          },
        };
      }

      const backtestArgs = { ...sent, compileId: compileData.compileId };
      const backtestStarted = await context.qc.call(createBacktest.endpoint!.path, backtestArgs, { retry: false, signal: context.signal });
      const ran = await waitForJob('backtest', readBacktest, backtestArgs, backtestStarted, left(), context);
      const summary = await shape(readBacktest, ran.answer, ran.pollArgs ?? backtestArgs, {}, context);
      if (summary.kind === 'pending') return summary;
      return {
        ...summary,
        data: { stage: 'backtest', compile: { compileId: compileData.compileId, state: compileData.state }, ...summary.data, wait: waitNote('backtest', readBacktest, ran) },
      };
    },
  };
}
