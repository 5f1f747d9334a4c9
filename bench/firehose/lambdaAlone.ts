/**
 * Diagnostic: the transform's handler alone, invoked directly through `shardlab.lambda`
 * (no Firehose around it) with an event of `records` records of `recordBytes`, `times` times:
 * the median run time the sandbox reports (from the worker's start to the handler's answer, so
 * without the per-invocation worker start-up), for the bench's handler and for the same handler
 * written with atob/btoa instead of Buffer — how much of a transform's cost is the handler.
 *
 * `runLambdaAlone` runs in the page (passed to `page.evaluate`: self-contained).
 */
import type {} from '../../src/broker/windowApi.js';

export interface LambdaAloneOptions {
  readonly functions: Readonly<Record<string, string>>;
  readonly records: number;
  readonly recordBytes: number;
  readonly times: number;
}

/** Per function: median reported run time and median wall time of the invocation, ms. */
export type LambdaAloneResult = Record<string, { readonly runMs: number; readonly wallMs: number }>;

export async function runLambdaAlone(o: LambdaAloneOptions): Promise<LambdaAloneResult> {
  const sl = window.shardlab;
  if (!sl?.lambda) throw new Error('shardlab.lambda is missing');
  const median = (xs: number[]): number => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  let text = '';
  for (let i = 0; i < o.recordBytes - 1; i++) text += String.fromCharCode(0x61 + (i % 26));
  const data = btoa(`${text}\n`);
  const event = {
    invocationId: 'bench', deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/bench', region: 'us-east-1',
    records: Array.from({ length: o.records }, (_, i) => ({ recordId: String(i), approximateArrivalTimestamp: 0, data })),
  };
  const out: LambdaAloneResult = {};
  for (const [name, code] of Object.entries(o.functions)) {
    sl.lambda.define(name, code, { timeoutMs: 60_000 });
    const run: number[] = [], wall: number[] = [];
    for (let i = 0; i < o.times; i++) {
      const t = performance.now();
      const r = await sl.lambda.invokeFunction(name, event);
      if (!r.result.ok) throw new Error(`${name}: ${r.result.errorCode}: ${r.result.errorMessage}`);
      wall.push(performance.now() - t);
      run.push(r.report?.durationMs ?? NaN);
    }
    sl.lambda.remove(name);
    out[name] = { runMs: median(run), wallMs: median(wall) };
  }
  return out;
}

/** The bench's handler with atob/btoa instead of Buffer (same output for ASCII data). */
export const UPPERCASE_LAMBDA_ATOB = `export const handler = async (event) => ({
  records: event.records.map((record) => ({ recordId: record.recordId, result: 'Ok', data: btoa(atob(record.data).toUpperCase()) })),
});
`;
