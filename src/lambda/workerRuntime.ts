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
 *   `Lambda.ResourceNotFound` — the same contract as the in-process FunctionRegistry (texts: toInvocation.ts).
 *
 * Logs are kept per invocation in CloudWatch's text format (`<time>\t<requestId>\tINFO\t<message>`).
 * Memory size is recorded and shown to the code (context, env) but not enforced.
 */
import { functionNameOf, type LambdaInvokeResult, type LambdaRuntime } from '../core/firehose/lambda.js';
import type { SandboxCheckResult, SandboxJob } from '../sandbox/protocol.js';
import { DEFAULT_FILENAMES } from '../sandbox/protocol.js';
import { Sandbox, type SandboxLike } from '../sandbox/sandbox.js';
import { DEFAULT_LAMBDA_TIMEOUT_MS } from './functionRegistry.js';
import type { LambdaFunctionConfig, LambdaInvocation, LambdaInvocationReport, LambdaRuntimeSnapshot } from './lambdaTypes.js';
import { HANDLER, toInvocation } from './toInvocation.js';

export const DEFAULT_MEMORY_MB = 128; // Lambda's default memory size
const MAX_TIMEOUT_MS = 900_000; // Lambda's maximum timeout, 15 minutes
const NAME_PATTERN = /^[a-zA-Z0-9-_]{1,64}$/;

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
