/** What every client is told about using this server well (sent in the initialize result). */
export const SERVER_INSTRUCTIONS = `This server drives the QuantConnect cloud platform: projects, files, compiles, backtests, optimizations, live trading and the Object Store.

Typical workflow:
1. Find or create a project (list_projects, read_project, create_project).
2. Read and edit its files (read_file, create_file, update_file_contents). For a small change to an existing file prefer patch_file with a unified diff; rewrite whole files only when most of them change.
3. Compile (create_compile), then poll read_compile until the state is BuildSuccess or BuildError. On BuildError, read the errors, fix the files and compile again.
4. Backtest the successful compile (create_backtest with its compileId), then poll read_backtest until it is completed.
5. Read the results: read_backtest for statistics, read_backtest_orders and read_backtest_insights in windows (end - start < 100), read_backtest_chart for charts, read_backtest_report for the report.

Reading: read_live_orders takes windows of at most 1,000, read_live_logs at most 250 lines. Some reads (charts, live orders, reports) may answer that the data is still being prepared; that is not an error: wait a few seconds and call again.

Costs and risk: create_optimization spends QuantConnect credit (QCC); estimate_optimization_time first. Never deploy live (create_live_algorithm), stop or liquidate a live algorithm, or send live commands unless the user has explicitly asked for that action in this conversation: they trade real money.`;
