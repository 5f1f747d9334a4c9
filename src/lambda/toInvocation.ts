/**
 * What the Node.js 24 managed runtime (`nodejs24.x`) makes of a run: a sandbox result turned into
 * the invoke result Firehose gets (`Lambda.FunctionError` with `<errorType>: <errorMessage>`,
 * `Lambda.FunctionTimedOut`) and the CloudWatch-style log lines of the invocation's report.
 * Pure: the runtime (workerRuntime.ts) runs the code and passes the result in.
 */
import type { LambdaInvokeResult } from '../core/firehose/lambda.js';
import type { LogEntry, SandboxFailure, SandboxResult } from '../sandbox/protocol.js';
import { DEFAULT_FILENAMES } from '../sandbox/protocol.js';
import type { LambdaFunctionConfig, LambdaInvocationReport } from './lambdaTypes.js';

/** The handler setting every function has (`_HANDLER`, and the name in HandlerNotFound texts). */
export const HANDLER = 'index.handler';

/** nodejs24.x's text for a handler with a callback parameter (aws-lambda-nodejs-runtime-interface-client). */
export const CALLBACK_HANDLER_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

/** Lambda's `errorType` and `errorMessage` for a failed run (timeouts aside). */
export function lambdaError(failure: SandboxFailure, format: 'commonjs' | 'module' = 'commonjs'): { errorType: string; errorMessage: string } {
  switch (failure.kind) {
    case 'syntax':
      return { errorType: 'Runtime.UserCodeSyntaxError', errorMessage: `SyntaxError: ${failure.message}` };
    case 'import':
      return importError(failure.specifier ?? '', format);
    case 'entry-missing':
      return { errorType: 'Runtime.HandlerNotFound', errorMessage: `${HANDLER} is undefined or not exported` };
    case 'entry-not-function':
      return { errorType: 'Runtime.HandlerNotFound', errorMessage: `${HANDLER} is not a function` };
    case 'entry-arity':
      return { errorType: 'Runtime.CallbackHandlerDeprecated', errorMessage: CALLBACK_HANDLER_REMOVED };
    case 'result':
      return { errorType: 'Runtime.JSONStringifyError', errorMessage: 'Unable to stringify response body' };
    case 'unhandled-rejection':
      // The runtime reports `String(reason)`: "Error: boom" for an Error, the value itself otherwise.
      return { errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: isTypeofName(failure.name) ? failure.message : `${failure.name}: ${failure.message}` };
    case 'crashed':
      // Unsure: what AWS says when the runtime process dies is "Runtime exited with error: …".
      return { errorType: 'Runtime.ExitError', errorMessage: `Runtime exited with error: ${failure.message}` };
    case 'timeout':
    case 'thrown':
    case 'uncaught':
      // A thrown non-Error: errorType is its typeof (`throw 'x'` → "string: x"), as the runtime's formatError does.
      return { errorType: failure.name, errorMessage: failure.message };
  }
}

function isTypeofName(name: string): boolean {
  return ['string', 'number', 'bigint', 'boolean', 'symbol', 'undefined', 'object', 'function'].includes(name);
}

/** Node's texts for a module that cannot be found (Lambda wraps them in Runtime.ImportModuleError). */
function importError(specifier: string, format: 'commonjs' | 'module'): { errorType: string; errorMessage: string } {
  if (format === 'commonjs') {
    return { errorType: 'Runtime.ImportModuleError', errorMessage: `Error: Cannot find module '${specifier}'\nRequire stack:\n- ${DEFAULT_FILENAMES.commonjs}\n- /var/runtime/index.mjs` };
  }
  const scheme = /^([a-z][a-z0-9+.-]*:)/i.exec(specifier)?.[1];
  if (scheme && scheme !== 'node:' && scheme !== 'file:') {
    return { errorType: 'Error', errorMessage: `Only URLs with a scheme in: file, data, and node are supported by the default ESM loader. Received protocol '${scheme}'` };
  }
  const importer = new URL(DEFAULT_FILENAMES.module).pathname;
  if (/^\.{0,2}\//.test(specifier)) {
    return { errorType: 'Runtime.ImportModuleError', errorMessage: `Error: Cannot find module '${new URL(specifier, DEFAULT_FILENAMES.module).pathname}' imported from ${importer}` };
  }
  return { errorType: 'Runtime.ImportModuleError', errorMessage: `Error: Cannot find package '${specifier}' imported from ${importer}` };
}

const LEVELS: Record<LogEntry['level'], string> = { log: 'INFO', info: 'INFO', warn: 'WARN', error: 'ERROR', debug: 'DEBUG', trace: 'TRACE' };

/** A console entry as the Node runtime writes it to CloudWatch (text format). */
export function logLine(entry: LogEntry, requestId: string): string {
  return `${new Date(entry.time).toISOString()}\t${requestId}\t${LEVELS[entry.level]}\t${entry.text}`;
}

// Failures before the handler runs are logged by the runtime as "Uncaught Exception" during init.
const INIT_FAILURES = new Set(['syntax', 'import', 'entry-missing', 'entry-not-function', 'entry-arity']);

/** Turns a sandbox run into what Firehose gets back and what the log panel shows. */
export function toInvocation(fn: LambdaFunctionConfig, run: SandboxResult, requestId: string, startedAt: number): { result: LambdaInvokeResult; report: LambdaInvocationReport } {
  const logs = run.logs.map((entry) => logLine(entry, requestId));
  if (run.droppedLogs > 0) logs.push(`… ${run.droppedLogs} more log lines were not kept`);
  const endedAt = new Date(startedAt + run.durationMs).toISOString();
  const base = { name: fn.name, requestId, startedAt, durationMs: run.durationMs };
  const outcome = run.outcome;
  if (outcome.ok) return { result: { ok: true, payload: outcome.value }, report: { ...base, ok: true, logs } };
  const failure = outcome.error;
  if (failure.kind === 'timeout') {
    const errorMessage = `Task timed out after ${(fn.timeoutMs / 1000).toFixed(2)} seconds`;
    logs.push(`${endedAt} ${requestId} ${errorMessage}`);
    return { result: { ok: false, errorCode: 'Lambda.FunctionTimedOut', errorMessage }, report: { ...base, ok: false, errorCode: 'Lambda.FunctionTimedOut', errorMessage, logs } };
  }
  const { errorType, errorMessage } = lambdaError(failure, outcome.format);
  const init = INIT_FAILURES.has(failure.kind);
  logs.push(`${endedAt}\t${init ? 'undefined' : requestId}\tERROR\t${init ? 'Uncaught Exception' : 'Invoke Error'} \t${JSON.stringify({ errorType, errorMessage, stack: failure.trace ?? [] })}`);
  const message = `${errorType}: ${errorMessage}`;
  const position = failure.line !== undefined ? { line: failure.line, ...(failure.column !== undefined ? { column: failure.column } : {}) } : {};
  return {
    result: { ok: false, errorCode: 'Lambda.FunctionError', errorMessage: message },
    report: { ...base, ok: false, errorCode: 'Lambda.FunctionError', errorType, errorMessage: message, ...position, ...(failure.trace ? { trace: failure.trace } : {}), logs },
  };
}
