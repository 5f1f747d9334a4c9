import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { IdbFirehoseLog } from '../adapters/idb/idbFirehoseLog';
import { KinesisEngine } from '../core/kinesis/engine';
import { createClock } from '../core/sim/clock';
import { encodeBase64 } from '../core/util/base64';
import { createFirehoseBroker, deliveryStreamDbName } from './firehoseBroker';
import { FirehoseWorker } from './firehoseWorker';
import { S3Persistence } from './s3Persist';
import { channelWorker, closePorts, deliveryStream, record, T0 } from './testing/firehoseFixtures';

afterEach(closePorts);

const spawn = () => channelWorker(new FirehoseWorker((init) => new IdbFirehoseLog(init.dbName)));

describe('createFirehoseBroker (fake-indexeddb, workers over MessageChannels)', () => {
  it('restores delivery streams with their logs, removes logs of delivery streams that are gone, and persists delivered objects', async () => {
    const live = await deliveryStream('live');
    const liveDb = deliveryStreamDbName(live);
    // A record left in the live stream's log by the last session, and a log whose stream is gone.
    for (const [name, rec] of [[liveDb, record('r1', 'left over', T0)], ['shardlab-firehose:ghost:1', record('g', 'ghost', T0)]] as const) {
      const log = new IdbFirehoseLog(name);
      await log.open();
      await log.commit([{ seq: 0, record: rec }], []);
      await log.close();
    }
    const clock = createClock({ mode: 'manual', start: T0 + 1000 });
    const side = await createFirehoseBroker({ clock, kinesis: new KinesisEngine({ clock }), saved: [live], seed: 3, spawn, s3DbName: 's3-broker-test' });
    expect(side.s3.createBucket('lake').ok).toBe(true);
    expect(side.pipelines.size).toBe(1);

    await side.removeOrphans();
    const names = (await indexedDB.databases()).map((d) => d.name);
    expect(names).toContain(liveDb);
    expect(names).not.toContain('shardlab-firehose:ghost:1');

    await side.firehose.idle();
    expect(side.firehose.pipelineStats('live')).toMatchObject({ records: 1, oldestArrival: T0 });
    const put = await side.firehose.dispatch('PutRecord', { DeliveryStreamName: 'live', Record: { Data: encodeBase64(new TextEncoder().encode('!')) } });
    expect(put.ok).toBe(true);
    clock.advance(60_000);
    await side.firehose.idle();
    expect(side.firehose.pipelineStats('live')).toMatchObject({ records: 0 });
    await side.close();

    const again = await S3Persistence.open('s3-broker-test');
    const saved = await again.load();
    again.close();
    const objects = saved.buckets.find((b) => b.name === 'lake')?.objects ?? [];
    expect(objects.map((o) => new TextDecoder().decode(o.data))).toEqual(['left over!']);
    const log = new IdbFirehoseLog(liveDb);
    await log.open();
    expect(await log.loadAll()).toEqual([]);
    await log.close();
  });
});
