/**
 * Runs user-written JavaScript isolated from the app: in a fresh dedicated worker per run, inside
 * one hidden `<iframe sandbox="allow-scripts">` (an opaque origin: no access to the app's
 * IndexedDB, cookies, storage or DOM, and no network by the frame's CSP), with a time limit the
 * page enforces by terminating the worker — so `while (true) {}` costs a core until the limit,
 * never the page's responsiveness.
 *
 * The frame is created lazily on the first run or check and reused; the protocol is in
 * protocol.ts, the frame's side in frame.js, the worker's in runner.js.
 */
import { frameDocument, RUNNER_SOURCE } from './frameDocument.js';
import { SANDBOX_PROTOCOL_VERSION, type FrameToHost, type HostToFrame, type LogEntry, type SandboxCheckResult, type SandboxJob, type SandboxOutcome, type SandboxResult } from './protocol.js';
import { finalizeOutcome } from './stack.js';

export interface RunOptions {
  /** Handed to the worker as `globalThis.sandboxPort` (for services the page offers, e.g. an AWS SDK). */
  readonly port?: MessagePort;
  /** Each console entry as it happens (the result has them all too). */
  readonly onLog?: (entry: LogEntry) => void;
  /** Stops the run (its worker is terminated; the outcome is 'crashed', "cancelled"). */
  readonly signal?: AbortSignal;
}

/** What the Lambda runtime (and tests, with a fake) need from a sandbox. */
export interface SandboxLike {
  run(job: SandboxJob, options?: RunOptions): Promise<SandboxResult>;
  check(code: string): Promise<SandboxCheckResult>;
}

export interface SandboxOptions {
  /** The document that hosts the frame (default: the global one). */
  readonly document?: Document;
  /** Runs at the same time; later ones wait, their time limit not yet started (default: cores − 1, 2 to 4). */
  readonly maxConcurrent?: number;
  /** How long the frame may take to come up, and a worker to start (default 10 s, Lambda's init limit). */
  readonly startLimitMs?: number;
}

interface PendingRun {
  readonly job: SandboxJob;
  readonly options: RunOptions;
  readonly logs: LogEntry[];
  readonly resolve: (result: SandboxResult) => void;
  startedAt?: number;
  timer?: ReturnType<typeof setTimeout>;
  /** The last heartbeat, and the watchdog that checks it (jobs with watchdogMs). */
  lastBeat?: number;
  watchdog?: ReturnType<typeof setInterval>;
}

const now = (): number => performance.now();

export class Sandbox implements SandboxLike {
  private readonly startLimitMs: number;
  private readonly maxConcurrent: number;
  private frame?: Promise<MessagePort>;
  private iframe?: HTMLIFrameElement;
  private nextId = 1;
  private readonly runs = new Map<number, PendingRun>();
  private readonly checks = new Map<number, (result: SandboxCheckResult) => void>();
  private active = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly options: SandboxOptions = {}) {
    this.startLimitMs = options.startLimitMs ?? 10_000;
    const cores = typeof navigator === 'undefined' ? 2 : navigator.hardwareConcurrency || 2;
    // At least 2 by default: one long (legitimately slow) function should not hold up every other.
    this.maxConcurrent = Math.max(1, options.maxConcurrent ?? Math.min(4, Math.max(2, cores - 1)));
  }

  /** Runs `job` in a fresh worker; always resolves (failures are in `outcome`). */
  async run(job: SandboxJob, options: RunOptions = {}): Promise<SandboxResult> {
    if (options.signal?.aborted) return crashed('The run was cancelled.');
    await this.acquire();
    try {
      let port: MessagePort;
      try {
        port = await this.connect();
      } catch (e) {
        return crashed(e instanceof Error ? e.message : String(e));
      }
      return await this.start(port, job, options);
    } finally {
      this.release();
    }
  }

  /** A syntax check with line/column; runs none of the code. */
  async check(code: string): Promise<SandboxCheckResult> {
    let port: MessagePort;
    try {
      port = await this.connect();
    } catch (e) {
      return { ok: false, format: 'commonjs', name: 'Error', message: e instanceof Error ? e.message : String(e) };
    }
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.checks.delete(id);
        resolve({ ok: false, format: 'commonjs', name: 'Error', message: 'The syntax check did not finish.' });
      }, this.startLimitMs + 10_000);
      this.checks.set(id, (result) => {
        clearTimeout(timer);
        resolve(result);
      });
      this.post(port, { type: 'check', id, code });
    });
  }

  /** Ends every run (as 'crashed') and removes the frame; the next run makes a new one. */
  dispose(): void {
    for (const id of [...this.runs.keys()]) this.finish(id, { ok: false, error: { kind: 'crashed', name: 'Error', message: 'The sandbox was disposed.' } });
    for (const [id, resolve] of this.checks) {
      this.checks.delete(id);
      resolve({ ok: false, format: 'commonjs', name: 'Error', message: 'The sandbox was disposed.' });
    }
    this.iframe?.remove();
    this.iframe = undefined;
    this.frame = undefined;
  }

  private start(port: MessagePort, job: SandboxJob, options: RunOptions): Promise<SandboxResult> {
    const id = this.nextId++;
    return new Promise((resolve) => {
      const run: PendingRun = { job, options, logs: [], resolve };
      this.runs.set(id, run);
      // Until the worker says it started; then the job's own limit (see onFrameMessage).
      run.timer = setTimeout(() => {
        this.finish(id, { ok: false, error: { kind: 'crashed', name: 'Error', message: `The sandbox worker did not start within ${this.startLimitMs / 1000} s.` } });
        this.dispose(); // a frame that cannot start workers is broken: start afresh next time
      }, this.startLimitMs);
      options.signal?.addEventListener('abort', () => this.finish(id, { ok: false, error: { kind: 'crashed', name: 'AbortError', message: 'The run was cancelled.' } }), { once: true });
      this.post(port, { type: 'run', id, job }, options.port ? [options.port] : []);
    });
  }

  private onFrameMessage(message: FrameToHost): void {
    switch (message.type) {
      case 'started': {
        const run = this.runs.get(message.id);
        if (!run || run.startedAt !== undefined) return;
        clearTimeout(run.timer);
        run.startedAt = now();
        const limit = run.job.timeoutMs;
        run.timer = setTimeout(() => this.finish(message.id, { ok: false, error: { kind: 'timeout', name: 'TimeoutError', message: `The run exceeded its time limit of ${limit} ms.` } }), limit);
        const quiet = run.job.watchdogMs;
        if (quiet !== undefined && run.job.heartbeatMs !== undefined) {
          run.lastBeat = now();
          run.watchdog = setInterval(() => {
            if (now() - (run.lastBeat ?? 0) <= quiet) return;
            this.finish(message.id, { ok: false, error: { kind: 'timeout', name: 'TimeoutError', message: `Stopped: the code did not yield for ${quiet / 1000} s — a loop that never awaits keeps the worker busy. Put an await (a sleep, a send) in long loops.` } });
          }, Math.min(250, quiet / 4));
        }
        return;
      }
      case 'beat': {
        const run = this.runs.get(message.id);
        if (run) run.lastBeat = now();
        return;
      }
      case 'log': {
        const run = this.runs.get(message.id);
        if (!run) return;
        run.logs.push(message.entry);
        run.options.onLog?.(message.entry);
        return;
      }
      case 'ending': {
        // The user's code is done; only the frame's own work is left, under the start limit.
        const run = this.runs.get(message.id);
        if (!run) return;
        clearTimeout(run.timer);
        run.timer = setTimeout(() => this.finish(message.id, { ok: false, error: { kind: 'crashed', name: 'Error', message: 'The sandbox did not report the end of the run.' } }), this.startLimitMs);
        return;
      }
      case 'done':
        this.finish(message.id, finalizeOutcome(message.outcome, message.meta), message.meta?.droppedLogs ?? 0, true);
        return;
      case 'checked':
        this.checks.get(message.id)?.(message.result);
        this.checks.delete(message.id);
        return;
      case 'ready':
        return;
    }
  }

  /**
   * Settles a run once. Unless the frame reported the end itself (and has already terminated the
   * worker), it is told to terminate the worker now: time limit, cancellation, start failure.
   */
  private finish(id: number, outcome: SandboxOutcome, droppedLogs = 0, fromFrame = false): void {
    const run = this.runs.get(id);
    if (!run) return;
    this.runs.delete(id);
    clearTimeout(run.timer);
    if (run.watchdog !== undefined) clearInterval(run.watchdog);
    if (!fromFrame) void this.frame?.then((port) => this.post(port, { type: 'cancel', id }), () => {});
    const durationMs = run.startedAt === undefined ? 0 : now() - run.startedAt;
    run.resolve({ outcome, logs: run.logs, droppedLogs, durationMs });
  }

  private post(port: MessagePort, message: HostToFrame, transfer: Transferable[] = []): void {
    port.postMessage(message, transfer);
  }

  /** The frame's port, creating the frame on first use. */
  private connect(): Promise<MessagePort> {
    this.frame ??= this.createFrame().catch((e: unknown) => {
      this.iframe?.remove();
      this.iframe = undefined;
      this.frame = undefined;
      throw e;
    });
    return this.frame;
  }

  private createFrame(): Promise<MessagePort> {
    const doc = this.options.document ?? (typeof document === 'undefined' ? undefined : document);
    if (!doc) return Promise.reject(new Error('The code sandbox needs a browser document.'));
    const iframe = doc.createElement('iframe');
    // allow-scripts without allow-same-origin: an opaque origin, whatever the frame's content.
    iframe.setAttribute('sandbox', 'allow-scripts');
    iframe.setAttribute('aria-hidden', 'true');
    iframe.tabIndex = -1;
    iframe.title = 'Shardlab code sandbox';
    iframe.style.display = 'none';
    iframe.srcdoc = frameDocument();
    this.iframe = iframe;
    const channel = new MessageChannel();
    return new Promise<MessagePort>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('The code sandbox did not start (does a Content-Security-Policy block its frame?).')), this.startLimitMs);
      channel.port1.onmessage = (e: MessageEvent<FrameToHost>) => {
        if (e.data?.type !== 'ready') return;
        clearTimeout(timer);
        channel.port1.onmessage = (m: MessageEvent<FrameToHost>) => this.onFrameMessage(m.data);
        resolve(channel.port1);
      };
      iframe.addEventListener(
        'load',
        () => {
          // '*': an opaque origin cannot be named; the frame checks that the sender is its parent.
          iframe.contentWindow?.postMessage({ type: 'connect', version: SANDBOX_PROTOCOL_VERSION, runner: RUNNER_SOURCE }, '*', [channel.port2]);
        },
        { once: true },
      );
      (doc.body ?? doc.documentElement).append(iframe);
    });
  }

  private async acquire(): Promise<void> {
    if (this.active < this.maxConcurrent) {
      this.active++;
      return;
    }
    await new Promise<void>((resolve) => this.waiting.push(resolve)); // the slot is handed over by release()
  }

  private release(): void {
    const next = this.waiting.shift();
    if (next) next();
    else this.active--;
  }
}

function crashed(message: string): SandboxResult {
  return { outcome: { ok: false, error: { kind: 'crashed', name: 'Error', message } }, logs: [], droppedLogs: 0, durationMs: 0 };
}
