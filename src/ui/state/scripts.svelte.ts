/**
 * Producer and consumer scripts a learner writes with the real AWS SDK v3 — run in the code
 * sandbox (an opaque-origin frame's worker: no access to the app's IndexedDB or DOM), their
 * `KinesisClient` / `FirehoseClient` bound to the simulation through the page, `console` shown
 * as it happens, errors with their line, and a loop that never yields stopped within 2 s.
 * Scripts get a sandbox of their own, so a long-running one never holds up Lambda transforms.
 */
import * as kinesisSdk from '@aws-sdk/client-kinesis';
import * as firehoseSdk from '@aws-sdk/client-firehose';
import type { SimulationHost } from '../../broker/host';
import { Sandbox } from '../../sandbox/sandbox';
import type { LogEntry, SandboxFailure } from '../../sandbox/protocol';
import { offeredNames, serveSdk } from '../../sandbox/sdkService';

/** How long a script may run at most (a producer left on), and how long its event loop may stall. */
export const SCRIPT_LIMIT_MS = 60 * 60_000;
export const WATCHDOG_MS = 2000;

export type ScriptStatus = 'idle' | 'running' | 'finished' | 'failed' | 'stopped';

export class ScriptRunner {
  status = $state<ScriptStatus>('idle');
  logs = $state.raw<readonly LogEntry[]>([]);
  failure = $state.raw<SandboxFailure | undefined>(undefined);
  durationMs = $state(0);
  private abort: AbortController | undefined;
  private sandbox: Sandbox | undefined;
  private pending: LogEntry[] = [];
  private flushTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(private readonly host: SimulationHost) {}

  /** Runs `code` (CommonJS or an ES module with top-level await) until it ends, fails or is stopped. */
  async run(code: string): Promise<void> {
    this.stop();
    this.sandbox ??= new Sandbox({ maxConcurrent: 4 });
    const abort = new AbortController();
    this.abort = abort;
    this.status = 'running';
    this.logs = [];
    this.failure = undefined;
    const channel = new MessageChannel();
    const stopServing = serveSdk(channel.port1, {
      '@aws-sdk/client-kinesis': { module: kinesisSdk, client: this.host.kinesis },
      '@aws-sdk/client-firehose': { module: firehoseSdk, client: this.host.firehose },
    });
    try {
      const result = await this.sandbox.run({
        code, format: 'auto', timeoutMs: SCRIPT_LIMIT_MS, heartbeatMs: 250, watchdogMs: WATCHDOG_MS, maxLogEntries: 5000,
        filenames: { commonjs: '/scripts/index.js', module: 'file:///scripts/index.mjs' },
        modules: { '@aws-sdk/client-kinesis': offeredNames(kinesisSdk), '@aws-sdk/client-firehose': offeredNames(firehoseSdk) },
      }, { port: channel.port2, signal: abort.signal, onLog: (entry) => this.log(entry) });
      if (this.abort !== abort) return;
      this.flush();
      this.durationMs = result.durationMs;
      if (result.outcome.ok) this.status = 'finished';
      else if (result.outcome.error.name === 'AbortError') this.status = 'stopped';
      else {
        this.status = 'failed';
        this.failure = result.outcome.error;
      }
    } finally {
      stopServing();
      if (this.abort === abort) this.abort = undefined;
    }
  }

  stop(): void {
    this.abort?.abort();
  }

  dispose(): void {
    this.stop();
    this.sandbox?.dispose();
  }

  /** Console lines reach the screen at most 10 times a second (a chatty loop must not freeze the page). */
  private log(entry: LogEntry): void {
    this.pending.push(entry);
    this.flushTimer ??= setTimeout(() => this.flush(), 100);
  }

  private flush(): void {
    if (this.flushTimer !== undefined) clearTimeout(this.flushTimer);
    this.flushTimer = undefined;
    if (this.pending.length === 0) return;
    this.logs = [...this.logs, ...this.pending].slice(-500);
    this.pending = [];
  }
}
