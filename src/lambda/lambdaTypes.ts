/**
 * The data the sandboxed Lambda runtime (workerRuntime.ts) keeps and hands out: function
 * definitions, the snapshot the page persists, and the report of each invocation.
 */
import type { LambdaErrorCode, LambdaInvokeResult } from '../core/firehose/lambda.js';

/** A user function as defined: its code and the settings the runtime applies. */
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

/** An invocation's answer to Firehose and its report. */
export interface LambdaInvocation {
  readonly result: LambdaInvokeResult;
  /** Absent when the function does not exist. */
  readonly report?: LambdaInvocationReport;
}
