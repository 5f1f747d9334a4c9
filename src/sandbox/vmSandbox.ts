/**
 * runner.js in a Node `vm` context, behind the same `SandboxLike` interface as the page's
 * Sandbox: so the worker's behaviour (loading, calling, console, errors) is tested in Node.
 * For tests only — a vm context is no security boundary and cannot stop a synchronous loop —
 * and CommonJS only (ES modules need the browser's import() of a Blob URL).
 */
import vm from 'node:vm';
import { RUNNER_SOURCE } from './frameDocument.js';
import type { LogEntry, RawOutcome, RunMeta, SandboxCheckResult, SandboxJob, SandboxResult } from './protocol.js';
import type { RunOptions, SandboxLike } from './sandbox.js';
import { finalizeOutcome } from './stack.js';

type Posted = { type: 'started' } | { type: 'log'; entry: LogEntry } | { type: 'done'; outcome: RawOutcome; meta: RunMeta };

export class VmSandbox implements SandboxLike {
  async run(job: SandboxJob, options: RunOptions = {}): Promise<SandboxResult> {
    const logs: LogEntry[] = [];
    const started = performance.now();
    return new Promise((resolve) => {
      let settled = false;
      const settle = (result: Omit<SandboxResult, 'durationMs' | 'logs'>): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        resolve({ ...result, logs, durationMs: performance.now() - started });
      };
      const timer = setTimeout(() => settle({ outcome: { ok: false, error: { kind: 'timeout', name: 'TimeoutError', message: 'timed out' } }, droppedLogs: 0 }), job.timeoutMs);
      const postMessage = (message: unknown): void => {
        const m = structuredClone(message) as Posted; // what crossing to the frame would do
        if (m.type === 'log') logs.push(m.entry);
        if (m.type === 'done') settle({ outcome: finalizeOutcome(m.outcome, m.meta), droppedLogs: m.meta.droppedLogs });
      };
      const context = vm.createContext({
        console: {},
        postMessage,
        addEventListener: () => {},
        TextEncoder,
        TextDecoder,
        atob,
        btoa,
        setTimeout,
        clearTimeout,
        queueMicrotask,
        crypto: globalThis.crypto,
        performance,
        URL,
        Blob,
        AbortController,
        AbortSignal,
      });
      context.self = vm.runInContext('globalThis', context);
      vm.runInContext(RUNNER_SOURCE, context, { filename: 'blob:null/runner' });
      // The port for services the page offers (the AWS SDK), as the frame hands it to the worker.
      (context.onmessage as (e: { data: unknown }) => void)({ data: { type: 'job', job: structuredClone(job), port: options.port } });
    });
  }

  /** Format detection only: positions come from the browser frame. */
  async check(code: string): Promise<SandboxCheckResult> {
    const { outcome } = await this.run({ code, timeoutMs: 1000, detectOnly: true });
    const format = outcome.format ?? 'commonjs';
    return outcome.ok ? { ok: true, format } : { ok: false, format, name: outcome.error.name, message: outcome.error.message };
  }
}
