/**
 * Recent records of an application's source, for schema discovery (as the console's
 * "Discover schema").
 */
import type { KinesisEngine } from '../../kinesis/engine.js';
import type { FirehoseEngine } from '../../firehose/engine.js';
import { decodeBase64 } from '../../util/base64.js';
import type { AppConfig } from './model.js';

/** Where samples are read from. */
export interface SampleSources {
  readonly kinesis: KinesisEngine;
  readonly firehose?: FirehoseEngine;
  /** Virtual time, epoch ms. */
  readonly now: () => number;
  /** Waits `realMs` of real time (the host's timer). */
  readonly pause: (realMs: number) => Promise<void>;
}

/**
 * A Kinesis stream's records of the last minute (or, if none, its oldest), newest `max` kept;
 * a delivery stream's next records, waiting up to `waitMs` real milliseconds for them.
 */
export async function sampleSource(o: SampleSources, source: NonNullable<AppConfig['input']>['source'], max: number, waitMs: number): Promise<Uint8Array[]> {
  if (source.kind === 'firehose') {
    const f = o.firehose;
    if (!f?.streams.has(source.deliveryStreamName)) throw new Error(`Delivery stream ${source.deliveryStreamName} not found.`);
    const got: Uint8Array[] = [];
    const stop = f.tap(source.deliveryStreamName, (records) => {
      for (const r of records) if (got.length < max) got.push(decodeBase64(r.data));
    });
    // Polls every 100 real ms, up to waitMs in all.
    for (let waited = 0; got.length < Math.min(max, 10) && waited < waitMs; waited += 100) await o.pause(100);
    stop();
    return got;
  }
  const k = o.kinesis;
  const shards = await k.dispatch('ListShards', { StreamName: source.streamName });
  if (!shards.ok) throw new Error(`${shards.error.__type}: ${shards.error.message}`);
  const open = (shards.value as { Shards: { ShardId: string; SequenceNumberRange: { EndingSequenceNumber?: string } }[] }).Shards
    .filter((sh) => sh.SequenceNumberRange.EndingSequenceNumber === undefined);
  const read = async (type: 'AT_TIMESTAMP' | 'TRIM_HORIZON'): Promise<{ data: Uint8Array; at: number }[]> => {
    const out: { data: Uint8Array; at: number }[] = [];
    for (const sh of open) {
      const it = await k.dispatch('GetShardIterator', { StreamName: source.streamName, ShardId: sh.ShardId, ShardIteratorType: type, ...(type === 'AT_TIMESTAMP' ? { Timestamp: (o.now() - 60_000) / 1000 } : {}) });
      if (!it.ok) continue;
      const recs = await k.dispatch('GetRecords', { ShardIterator: (it.value as { ShardIterator: string }).ShardIterator, Limit: max });
      if (!recs.ok) continue;
      for (const r of (recs.value as { Records: { Data: string; ApproximateArrivalTimestamp: number }[] }).Records) out.push({ data: decodeBase64(r.Data), at: r.ApproximateArrivalTimestamp });
    }
    return out;
  };
  let got = await read('AT_TIMESTAMP');
  if (got.length === 0) got = await read('TRIM_HORIZON');
  return got.sort((x, y) => x.at - y.at).slice(-max).map((r) => r.data);
}
