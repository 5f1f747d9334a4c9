/**
 * Stack traces from the sandbox, in the user's coordinates: the runner's own frames (blob: URLs)
 * are dropped, and lines of CommonJS code are shifted back by the lines `new Function` puts
 * before the body. The first remaining frame in the user's file gives the error's line/column.
 */
import type { RawOutcome, RunMeta, SandboxOutcome } from './protocol.js';

export interface MappedStack {
  readonly trace: string[];
  readonly line?: number;
  readonly column?: number;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Maps a V8 (or SpiderMonkey) stack onto the user's file `filename`, whose line 1 is at `1 + lineOffset`. */
export function mapStack(stack: string, filename: string, lineOffset: number): MappedStack {
  const position = filename ? new RegExp(`${escapeRegExp(filename)}:(\\d+):(\\d+)`, 'g') : undefined;
  // V8 frames start with "    at "; SpiderMonkey's are "name@url:line:col" (and it has no header).
  const frame = /^\s+at |@.*:\d+:\d+$/;
  let line: number | undefined;
  let column: number | undefined;
  const trace: string[] = [];
  let inFrames = false;
  for (const text of stack.split('\n')) {
    inFrames ||= frame.test(text);
    if (!inFrames) {
      trace.push(text);
      continue;
    }
    if (text.includes('blob:')) continue; // the sandbox's own code
    if (!position) {
      trace.push(text);
      continue;
    }
    trace.push(
      text.replace(position, (_whole, l: string, c: string) => {
        const userLine = Math.max(1, Number(l) - lineOffset);
        if (line === undefined) {
          line = userLine;
          column = Number(c);
        }
        return `${filename}:${userLine}:${c}`;
      }),
    );
  }
  return { trace, ...(line !== undefined ? { line, column } : {}) };
}

/** Completes a worker's outcome: trace and position from its raw stack. */
export function finalizeOutcome(raw: RawOutcome, meta: RunMeta | undefined): SandboxOutcome {
  if (raw.ok) return raw;
  const { stack, ...error } = raw.error;
  if (stack === undefined) return { ok: false, error, ...(raw.format ? { format: raw.format } : {}) };
  const offset = raw.format === 'commonjs' ? (meta?.lineOffset ?? 0) : 0;
  const mapped = mapStack(stack, meta?.filename ?? '', offset);
  const position = error.line === undefined && mapped.line !== undefined ? { line: mapped.line, column: mapped.column } : {};
  return { ok: false, error: { ...error, trace: mapped.trace, ...position }, ...(raw.format ? { format: raw.format } : {}) };
}
