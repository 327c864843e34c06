import { data, type View } from './shared.js';

export interface CompileError {
  readonly file: string;
  readonly line: number;
  readonly column?: number;
  readonly message: string;
}

const PATTERNS: readonly RegExp[] = [
  // C#: main.cs(14,13): error CS0103: The name 'x' does not exist in the current context
  /(?<file>[\w./\\-]+\.\w+)\((?<line>\d+),(?<column>\d+)\):\s*(?:error|warning)?\s*(?<message>.*)$/i,
  // QuantConnect's Python check: Build Error: File: main.py Line: 12 Column: 5 - invalid syntax
  /File:\s*(?<file>[^\s,]+)[,\s]+Line:?\s*(?<line>\d+)(?:[,\s]+Column:?\s*(?<column>\d+))?\s*[-:]?\s*(?<message>.*)$/i,
  // Python traceback: File "main.py", line 12, ... (message on the same line when present)
  /File "(?<file>[^"]+)", line (?<line>\d+)(?:,[^:]*)?:?\s*(?<message>.*)$/,
];

/** Files, lines and messages of the errors in compile logs; lines that say no error are ignored. */
export function compileErrors(logs: readonly unknown[]): CompileError[] {
  const errors: CompileError[] = [];
  for (const entry of logs) {
    if (typeof entry !== 'string' || /\bwarning\b/i.test(entry)) continue;
    for (const pattern of PATTERNS) {
      const groups = pattern.exec(entry)?.groups;
      if (!groups) continue;
      errors.push({
        file: groups.file as string,
        line: Number(groups.line),
        ...(groups.column ? { column: Number(groups.column) } : {}),
        message: (groups.message ?? '').trim() || entry.trim(),
      });
      break;
    }
  }
  return errors;
}

/** read_compile (and create_compile once it waited): the state, the errors by file and line, then the logs. */
export const compileView: View = async (input) => {
  const logs = Array.isArray(input.data.logs) ? input.data.logs : [];
  const errors = compileErrors(logs);
  return data({ ...input.data, ...(errors.length > 0 || input.data.state === 'BuildError' ? { compileErrors: errors } : {}) });
};
