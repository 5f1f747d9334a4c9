/**
 * Lambda functions written by the user, run in the page's code sandbox (src/sandbox): each
 * invocation in a fresh worker inside an opaque-origin frame, stopped at the function's timeout.
 * The semantics are those of the Node.js 24 managed runtime (`nodejs24.x`, handler `index.handler`):
 *
 * - the file is CommonJS unless it only parses as an ES module (Node ≥ 22's detection);
 * - `handler(event, context)` may return a value or a Promise; the result goes through
 *   JSON.stringify (undefined → null); handlers with a third `callback` parameter are refused,
 *   as nodejs24.x does;
 * - errors come back as `Lambda.FunctionError` with `<errorType>: <errorMessage>` (`TypeError: boom`,
 *   `Runtime.HandlerNotFound: index.handler is undefined or not exported`), a timeout as
 *   `Lambda.FunctionTimedOut` with `Task timed out after 3.00 seconds`, an unknown function as
 *   `Lambda.ResourceNotFound` — the same contract as the in-process FunctionRegistry.
 *
 * Logs are kept per invocation in CloudWatch's text format (`<time>\t<requestId>\tINFO\t<message>`).
 * Memory size is recorded and shown to the code (context, env) but not enforced.
 */
import { functionNameOf, type LambdaErrorCode, type LambdaInvokeResult, type LambdaRuntime } from '../core/firehose/lambda.js';
import type { LogEntry, SandboxCheckResult, SandboxFailure, SandboxJob, SandboxResult } from '../sandbox/protocol.js';
import { DEFAULT_FILENAMES } from '../sandbox/protocol.js';
import { Sandbox, type SandboxLike } from '../sandbox/sandbox.js';
import { DEFAULT_LAMBDA_TIMEOUT_MS } from './functionRegistry.js';

export const DEFAULT_MEMORY_MB = 128; // Lambda's default memory size
const MAX_TIMEOUT_MS = 900_000; // Lambda's maximum timeout, 15 minutes
const HANDLER = 'index.handler';
const NAME_PATTERN = /^[a-zA-Z0-9-_]{1,64}$/;

/** nodejs24.x's text for a handler with a callback parameter (aws-lambda-nodejs-runtime-interface-client). */
export const CALLBACK_HANDLER_REMOVED =
  'ERROR: AWS Lambda has removed support for callback-based function handlers starting with Node.js 24. You need to modify this function to use a supported handler signature to use Node.js 24 or later. For more information see https://docs.aws.amazon.com/lambda/latest/dg/nodejs-handler.html.';

export interface LambdaFunctionConfig {
  readonly name: string;
  readonly code: string;
  readonly timeoutMs: number;
  readonly memoryMb: number;
}

/** Plain data: what the page persists and gives back to `load`. */
export interface LambdaRuntimeSnapshot {
  readonly version: 1;
  readonly functions: readonly LambdaFunctionConfig[];
}

/** One invocation, for a log panel. */
export interface LambdaInvocationReport {
  readonly name: string;
  readonly requestId: string;
  /** Epoch ms when the invocation was asked for. */
  readonly startedAt: number;
  readonly durationMs: number;
  readonly ok: boolean;
  readonly errorCode?: LambdaErrorCode;
  /** `TypeError`, `Runtime.HandlerNotFound`, … (not for a timeout). */
  readonly errorType?: string;
  /** As in the invoke result: `TypeError: boom`, `Task timed out after 3.00 seconds`. */
  readonly errorMessage?: string;
  /** 1-based position in the function's code, when known. */
  readonly line?: number;
  readonly column?: number;
  readonly trace?: readonly string[];
  /** CloudWatch-style lines: console output, then the runtime's own error or timeout line. */
  readonly logs: readonly string[];
}

export interface LambdaInvocation {
  readonly result: LambdaInvokeResult;
  /** Absent when the function does not exist. */
  readonly report?: LambdaInvocationReport;
}

export interface SandboxLambdaRuntimeOptions {
  /** Default: a page Sandbox, made on first use. */
  readonly sandbox?: SandboxLike;
  readonly region?: string;
  readonly accountId?: string;
  readonly newRequestId?: () => string;
  /** Epoch ms (real time: logs carry wall-clock timestamps, like CloudWatch). */
  readonly now?: () => number;
}

export class SandboxLambdaRuntime implements LambdaRuntime {
  private readonly functions = new Map<string, LambdaFunctionConfig>();
  private readonly last = new Map<string, LambdaInvocationReport>();
  private readonly listeners = new Set<(report: LambdaInvocationReport) => void>();
  private sandbox?: SandboxLike;
  private readonly region: string;
  private readonly accountId: string;
  private readonly newRequestId: () => string;
  private readonly now: () => number;

  constructor(options: SandboxLambdaRuntimeOptions = {}) {
    this.sandbox = options.sandbox;
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.newRequestId = options.newRequestId ?? (() => crypto.randomUUID());
    this.now = options.now ?? (() => Date.now());
  }

  /** Creates or replaces a function. Throws a RangeError for a name or setting AWS would refuse. */
  define(name: string, code: string, options: { timeoutMs?: number; memoryMb?: number } = {}): void {
    this.functions.set(name, validFunction({ name, code, timeoutMs: options.timeoutMs ?? DEFAULT_LAMBDA_TIMEOUT_MS, memoryMb: options.memoryMb ?? DEFAULT_MEMORY_MB }));
  }

  remove(name: string): boolean {
    this.last.delete(name);
    return this.functions.delete(name);
  }

  has(name: string): boolean {
    return this.functions.has(name);
  }

  list(): LambdaFunctionConfig[] {
    return [...this.functions.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  /** `arn:aws:lambda:<region>:<account>:function:<name>`, what Firehose's ProcessingConfiguration names. */
  arnOf(name: string): string {
    return `arn:aws:lambda:${this.region}:${this.accountId}:function:${name}`;
  }

  snapshot(): LambdaRuntimeSnapshot {
    return { version: 1, functions: this.list().map((f) => ({ ...f })) };
  }

  /** Replaces all functions with a snapshot's; returns the names it had to skip (invalid data). */
  load(snapshot: LambdaRuntimeSnapshot): string[] {
    this.functions.clear();
    this.last.clear();
    const skipped: string[] = [];
    for (const f of Array.isArray(snapshot?.functions) ? snapshot.functions : []) {
      try {
        this.functions.set(f.name, validFunction(f));
      } catch {
        skipped.push(String(f?.name));
      }
    }
    return skipped;
  }

  /** A syntax check before saving: `{ ok: false, message, line, column }` for a syntax error. */
  check(code: string): Promise<SandboxCheckResult> {
    return this.getSandbox().check(code);
  }

  /** Every invocation from now on; returns a stop function. */
  onInvoke(listener: (report: LambdaInvocationReport) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lastInvocation(name: string): LambdaInvocationReport | undefined {
    return this.last.get(name);
  }

  async invoke(functionArn: string, event: unknown): Promise<LambdaInvokeResult> {
    const name = functionNameOf(functionArn);
    if (name === undefined || !this.functions.has(name)) return notFound(functionArn);
    return (await this.invokeFunction(name, event, functionArn)).result;
  }

  /** Invokes by name (a "Test" button); the report is also given to onInvoke listeners. */
  async invokeFunction(name: string, event: unknown, invokedArn = this.arnOf(name)): Promise<LambdaInvocation> {
    const fn = this.functions.get(name);
    if (!fn) return { result: notFound(invokedArn) };
    const requestId = this.newRequestId();
    const startedAt = this.now();
    const run = await this.getSandbox().run(this.jobFor(fn, event, requestId, invokedArn, startedAt));
    const { result, report } = toInvocation(fn, run, requestId, startedAt);
    this.last.set(name, report);
    for (const listener of this.listeners) {
      try {
        listener(report);
      } catch (e) {
        queueMicrotask(() => {
          throw e; // a broken listener is reported, and does not break the invocation
        });
      }
    }
    return { result, report };
  }

  private jobFor(fn: LambdaFunctionConfig, event: unknown, requestId: string, invokedArn: string, startedAt: number): SandboxJob {
    const logGroupName = `/aws/lambda/${fn.name}`;
    const day = new Date(startedAt).toISOString().slice(0, 10).replaceAll('-', '/');
    const logStreamName = `${day}/[$LATEST]${requestId.replaceAll('-', '').slice(0, 32)}`;
    return {
      code: fn.code,
      timeoutMs: fn.timeoutMs,
      filenames: DEFAULT_FILENAMES,
      env: {
        AWS_REGION: this.region,
        AWS_DEFAULT_REGION: this.region,
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x',
        AWS_LAMBDA_FUNCTION_NAME: fn.name,
        AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(fn.memoryMb),
        AWS_LAMBDA_LOG_GROUP_NAME: logGroupName,
        AWS_LAMBDA_LOG_STREAM_NAME: logStreamName,
        LAMBDA_TASK_ROOT: '/var/task',
        _HANDLER: HANDLER,
        TZ: ':UTC',
      },
      call: {
        export: 'handler',
        args: [event],
        context: { functionName: fn.name, functionVersion: '$LATEST', invokedFunctionArn: invokedArn, memoryLimitInMB: String(fn.memoryMb), awsRequestId: requestId, logGroupName, logStreamName },
        maxArity: 2,
        result: 'json',
      },
    };
  }

  private getSandbox(): SandboxLike {
    this.sandbox ??= new Sandbox();
    return this.sandbox;
  }
}

function notFound(functionArn: string): LambdaInvokeResult {
  return { ok: false, errorCode: 'Lambda.ResourceNotFound', errorMessage: `Function not found: ${functionArn}` };
}

function validFunction(f: LambdaFunctionConfig): LambdaFunctionConfig {
  if (typeof f?.name !== 'string' || !NAME_PATTERN.test(f.name)) throw new RangeError(`Function name must be 1 to 64 letters, digits, hyphens or underscores: ${String(f?.name)}`);
  if (typeof f.code !== 'string') throw new RangeError('Function code must be a string.');
  // AWS takes whole seconds (1 to 900); shorter limits are allowed here for experiments and tests.
  if (!Number.isFinite(f.timeoutMs) || f.timeoutMs <= 0 || f.timeoutMs > MAX_TIMEOUT_MS) throw new RangeError(`Timeout must be more than 0 and at most ${MAX_TIMEOUT_MS} ms: ${f.timeoutMs}`);
  if (!Number.isInteger(f.memoryMb) || f.memoryMb < 128 || f.memoryMb > 10_240) throw new RangeError(`Memory must be an integer from 128 to 10240 MB: ${f.memoryMb}`);
  return { name: f.name, code: f.code, timeoutMs: f.timeoutMs, memoryMb: f.memoryMb };
}

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
