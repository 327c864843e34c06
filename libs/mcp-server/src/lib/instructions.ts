/** What every client is told about using this server well (sent in the initialize result). */
export const SERVER_INSTRUCTIONS = `This server drives the QuantConnect cloud platform: projects, files, compiles, backtests, optimizations, live trading and the Object Store.

Typical workflow:
1. Find or create a project (list_projects, read_project, create_project).
2. Read and edit its files (read_file, create_file, update_file_contents). For a small change to an existing file prefer patch_file with a unified diff.
3. run_backtest compiles and backtests in one call and answers with the compile errors (file and line) or the backtest summary. Step by step: create_compile waits for the build and answers BuildSuccess or BuildError with compileErrors; create_backtest with its compileId waits for the backtest and answers with its summary. A job still running when the wait ends answers with the exact call that reads it.
4. read_backtest gives a summary (statistics, key figures, chart names, counts); include asks for sections in full ("chart:Strategy Equity", "rollingWindow", ...). Orders and insights come in windows (end - start < 100).

Results fit a size budget. A result that had to be cut says so in "truncated", names each part left out, and gives a qc:// resource URI for it; read it with resources/read (large ones are paged: add page=N). Sections of backtests, live algorithms, optimizations and files are resources too (see resources/templates/list).

Some reads (charts, live orders, reports) may answer that the data is still being prepared; that is not an error: call again in a few seconds.

Costs and risk: create_optimization spends QuantConnect credit (QCC); estimate_optimization_time first. Never deploy live (create_live_algorithm), stop or liquidate a live algorithm, or send live commands unless the user has explicitly asked for that action in this conversation: they trade real money.`;
