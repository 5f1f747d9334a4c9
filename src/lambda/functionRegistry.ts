/**
 * Lambda functions registered by name and run in process, for Node embeddings and tests (the page
 * runs user code in an isolated worker instead). A handler that never settles is stopped by its
 * timeout; a synchronous endless loop cannot be interrupted in process — give Node embeddings
 * handlers you trust, or implement `LambdaRuntime` with worker_threads.
 */
import { functionNameOf, type LambdaHandler, type LambdaInvokeResult, type LambdaRuntime } from '../core/firehose/lambda.js';

export const DEFAULT_LAMBDA_TIMEOUT_MS = 3000; // Lambda's default function timeout

/** Handlers registered by name, run in process with a (real-time) timeout. */
export class FunctionRegistry implements LambdaRuntime {
  private readonly handlers = new Map<string, { handler: LambdaHandler; timeoutMs: number }>();
  private invocations = 0;

  register(name: string, handler: LambdaHandler, options: { timeoutMs?: number } = {}): void {
    this.handlers.set(name, { handler, timeoutMs: options.timeoutMs ?? DEFAULT_LAMBDA_TIMEOUT_MS });
  }

  unregister(name: string): void {
    this.handlers.delete(name);
  }

  has(name: string): boolean {
    return this.handlers.has(name);
  }

  async invoke(functionArn: string, event: unknown): Promise<LambdaInvokeResult> {
    const name = functionNameOf(functionArn);
    const fn = name === undefined ? undefined : this.handlers.get(name);
    if (!fn || name === undefined) {
      return { ok: false, errorCode: 'Lambda.ResourceNotFound', errorMessage: `Function not found: ${functionArn}` };
    }
    const started = Date.now();
    const ctx = { functionName: name, awsRequestId: `req-${++this.invocations}`, getRemainingTimeInMillis: () => Math.max(0, fn.timeoutMs - (Date.now() - started)) };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<LambdaInvokeResult>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, errorCode: 'Lambda.FunctionTimedOut', errorMessage: `Task timed out after ${(fn.timeoutMs / 1000).toFixed(2)} seconds` }), fn.timeoutMs);
    });
    const run = (async (): Promise<LambdaInvokeResult> => {
      try {
        return { ok: true, payload: await fn.handler(event, ctx) };
      } catch (e) {
        const err = e instanceof Error ? e : new Error(String(e));
        return { ok: false, errorCode: 'Lambda.FunctionError', errorMessage: `${err.name}: ${err.message}` };
      }
    })();
    try {
      return await Promise.race([run, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }
}
