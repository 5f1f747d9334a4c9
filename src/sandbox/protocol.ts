/**
 * The sandbox's message protocol: page (host) ⇄ opaque-origin iframe (frame.js) ⇄ one worker per
 * run (runner.js). The frame and the runner are plain JavaScript shipped as strings (see
 * frameDocument.ts), so these types are the written contract they follow; change both sides
 * together and bump SANDBOX_PROTOCOL_VERSION.
 *
 *   host → frame   window.postMessage {type:'connect', version, runner} + a MessagePort;
 *                  afterwards everything goes over that port:
 *   host → frame   {type:'run', id, job} (+ an optional service port, handed on to the worker)
 *                  {type:'cancel', id}            terminate the run's worker (timeout, dispose)
 *                  {type:'check', id, code}       syntax check, no user code runs
 *   frame → host   {type:'ready', version}
 *                  {type:'started', id}           the worker is up: the time limit starts now
 *                  {type:'beat', id}              the worker's event loop turns (job.heartbeatMs; at most every 200 ms)
 *                  {type:'log', id, entry}        console output, as it happens
 *                  {type:'ending', id}            the worker finished; the frame still completes
 *                                                 the outcome (a syntax error's position): stop the clock
 *                  {type:'done', id, outcome}     the run ended (the worker is already terminated)
 *                  {type:'checked', id, result}
 *   frame → worker {type:'job', job, port?}; worker → frame {type:'started'|'log'|'done', …}
 */

export const SANDBOX_PROTOCOL_VERSION = 1;

/** How user code is loaded. 'auto' decides like Node ≥ 22: CommonJS unless it only parses as a module. */
export type SourceFormat = 'commonjs' | 'module';

export interface SandboxCall {
  /** Dotted export path to call, e.g. 'handler'; looked up in `default` too when missing (as Lambda does). */
  readonly export: string;
  /** Structured-cloned arguments. */
  readonly args: readonly unknown[];
  /** Appended as the last argument, with `getRemainingTimeInMillis()` added (a Lambda-style context). */
  readonly context?: Readonly<Record<string, unknown>>;
  /** An export declaring more parameters than this fails with 'entry-arity' before it is called. */
  readonly maxArity?: number;
  /** 'json': the value goes through JSON.stringify/parse in the worker (undefined → null), as Lambda does. */
  readonly result?: 'json' | 'clone';
}

export interface SandboxJob {
  readonly code: string;
  readonly format?: 'auto' | SourceFormat;
  /** File names in stack traces, per format (defaults: /var/task/index.js, file:///var/task/index.mjs). */
  readonly filenames?: Readonly<Record<SourceFormat, string>>;
  /** Without a call the run ends once the code has been evaluated (top-level await included). */
  readonly call?: SandboxCall;
  /** `process.env` inside the sandbox. */
  readonly env?: Readonly<Record<string, string>>;
  /** The time limit; the host enforces it, the worker uses it for getRemainingTimeInMillis(). */
  readonly timeoutMs: number;
  /** Console entries kept per run (default 1000); later ones are counted, not kept. */
  readonly maxLogEntries?: number;
  /** Only decide the format and look for a syntax error; nothing runs. */
  readonly detectOnly?: boolean;
  /**
   * A long-running script (a producer, a consumer): the worker sends a heartbeat this often while
   * its event loop turns, and the host stops the run when none came for `watchdogMs` — a loop that
   * never yields is stopped within that time, whatever the time limit.
   */
  readonly heartbeatMs?: number;
  readonly watchdogMs?: number;
  /**
   * Modules the page offers over the run's service port, by specifier, with their export names
   * (e.g. '@aws-sdk/client-kinesis' → ['KinesisClient', 'PutRecordsCommand', …]): `import` and
   * `require` of them get stand-ins whose clients send each command to the page (sdkService.ts).
   */
  readonly modules?: Readonly<Record<string, readonly string[]>>;
}

export const LOG_LEVELS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

export interface LogEntry {
  readonly level: LogLevel;
  /** Formatted like Node's util.format (single-line inspection of objects). */
  readonly text: string;
  /** Epoch ms in the worker. */
  readonly time: number;
}

export const FAILURE_KINDS = [
  'syntax', // the code does not parse
  'import', // an import/require cannot be resolved (only the sandbox's few built-ins exist)
  'entry-missing', // call.export is undefined
  'entry-not-function',
  'entry-arity', // more parameters than call.maxArity
  'thrown', // the code threw (while loading, or the export threw/rejected)
  'uncaught', // an error thrown outside the call (a timer callback)
  'unhandled-rejection',
  'result', // the value could not be returned (JSON.stringify or structured clone failed)
  'timeout',
  'crashed', // the worker died or never started, or the run was cancelled
] as const;
export type FailureKind = (typeof FAILURE_KINDS)[number];

export interface SandboxFailure {
  readonly kind: FailureKind;
  /** The error's name (`TypeError`), or typeof of a thrown non-Error (`string`). */
  readonly name: string;
  readonly message: string;
  /** Stack trace lines in the user's coordinates (sandbox frames removed), when there was a stack. */
  readonly trace?: readonly string[];
  /** 1-based position in the user's code: of a syntax error, or of the innermost user frame. */
  readonly line?: number;
  readonly column?: number;
  /** 'import': the specifier that could not be resolved. */
  readonly specifier?: string;
}

export type SandboxOutcome =
  | { readonly ok: true; readonly value: unknown; readonly format?: SourceFormat }
  | { readonly ok: false; readonly error: SandboxFailure; readonly format?: SourceFormat };

/** What the worker reports; the host turns its raw stack into trace/line/column (stack.ts). */
export type RawOutcome =
  | { readonly ok: true; readonly value: unknown; readonly format?: SourceFormat }
  | { readonly ok: false; readonly error: RawFailure; readonly format?: SourceFormat };

export interface RawFailure extends Omit<SandboxFailure, 'trace'> {
  readonly stack?: string;
}

/** Sent with 'done' so the host can map stack frames back to the user's lines. */
export interface RunMeta {
  /** Lines the CommonJS wrapper adds before the user's first line (V8's `new Function` adds 2). */
  readonly lineOffset: number;
  readonly filename?: string;
  readonly droppedLogs: number;
}

export type SandboxCheckResult =
  | { readonly ok: true; readonly format: SourceFormat }
  | { readonly ok: false; readonly format: SourceFormat; readonly name: string; readonly message: string; readonly line?: number; readonly column?: number };

export interface SandboxResult {
  readonly outcome: SandboxOutcome;
  readonly logs: readonly LogEntry[];
  /** Console entries beyond the job's maxLogEntries. */
  readonly droppedLogs: number;
  /** From the worker's start to the end of the run, measured in the page. */
  readonly durationMs: number;
}

export type HostToFrame =
  | { readonly type: 'run'; readonly id: number; readonly job: SandboxJob }
  | { readonly type: 'cancel'; readonly id: number }
  | { readonly type: 'check'; readonly id: number; readonly code: string };

export type FrameToHost =
  | { readonly type: 'ready'; readonly version: number }
  | { readonly type: 'started'; readonly id: number }
  | { readonly type: 'beat'; readonly id: number }
  | { readonly type: 'log'; readonly id: number; readonly entry: LogEntry }
  | { readonly type: 'ending'; readonly id: number }
  | { readonly type: 'done'; readonly id: number; readonly outcome: RawOutcome; readonly meta?: RunMeta }
  | { readonly type: 'checked'; readonly id: number; readonly result: SandboxCheckResult };

/** Default file names: those of a Lambda deployment package, so traces read like CloudWatch's. */
export const DEFAULT_FILENAMES: Readonly<Record<SourceFormat, string>> = { commonjs: '/var/task/index.js', module: 'file:///var/task/index.mjs' };
