import { describe, expect, it } from 'vitest';
import { createClock } from '../sim/clock';
import { createRandom } from '../sim/random';
import { S3Store } from '../s3/store';
import { encodeBase64 } from '../util/base64';
import { FirehoseEngine } from './engine';
import type { FirehoseEvent } from './events';
import type { HttpRequest } from './httpEndpoint';
import { DEMO_KEYS, PARTNER_URLS } from './receivers';
import { Receivers } from './receiverRegistry';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const DD = PARTNER_URLS.datadog[0].url;
const b64 = (s: string) => encodeBase64(new TextEncoder().encode(s));

function engine() {
  const clock = createClock({ mode: 'manual' });
  const s3 = new S3Store({ now: () => clock.now() });
  s3.createBucket('backup');
  const receivers = new Receivers({ now: () => clock.now() });
  const sent: HttpRequest[] = [];
  const e = new FirehoseEngine({
    clock, account: { region: 'us-east-1', accountId: '123456789012' }, random: createRandom(5), s3,
    http: async (req) => { sent.push(req); return receivers.handle(req); },
  });
  const events: FirehoseEvent[] = [];
  e.observe((ev) => events.push(ev));
  const advance = async (ms: number, step = 1000) => {
    for (let t = 0; t < ms; t += step) {
      clock.advance(Math.min(step, ms - t));
      await e.idle();
    }
  };
  const create = async (dest: Record<string, unknown>) => {
    const r = await e.dispatch('CreateDeliveryStream', {
      DeliveryStreamName: 'd',
      HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: DD, AccessKey: DEMO_KEYS.datadog }, S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::backup' }, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 }, ...dest },
    });
    expect(r.ok).toBe(true);
    await advance(e.createMs);
  };
  const put = async (texts: string[]) => {
    const r = await e.dispatch('PutRecordBatch', { DeliveryStreamName: 'd', Records: texts.map((t) => ({ Data: b64(t) })) });
    expect(r.ok).toBe(true);
    await e.idle();
  };
  return { clock, s3, e, receivers, events, sent, advance, create, put };
}

const delivered = (events: FirehoseEvent[]) => events.filter((x) => x.type === 'endpointDelivered');

describe('delivery to an HTTP endpoint (virtual time)', () => {
  it('does not count time spent waiting for a response against the retry duration', async () => {
    const { e, receivers, events, advance, create, put, clock } = engine();
    await create({ RetryOptions: { DurationInSeconds: 60 } });
    receivers.failNext(DD, 2, 'timeout');
    const t0 = clock.now();
    await put(['a']);
    // Attempt 1 waits 180 s for an answer that never comes; the window opens when it ends.
    await advance(179_000);
    expect(events.filter((x) => x.type === 'deliveryFailed')).toEqual([]);
    await advance(3_000);
    expect(events.find((x) => x.type === 'deliveryFailed')).toMatchObject({ errorCode: 'HttpEndpoint.RequestTimeout', attempt: 1 });
    // Attempt 2 (at ~181 s) times out too, at ~361 s: 360 s after the first try, yet only ~1 s of the window used.
    await advance(185_000);
    expect(delivered(events)).toMatchObject([{ attempts: 3, records: 1 }]);
    expect(clock.now() - t0).toBeGreaterThan(360_000);
    expect(e.pipelineStats('d')).toMatchObject({ records: 0, retrying: 0 });
  });

  it('with RetryOptions 0 it tries once, then backs up', async () => {
    const { s3, receivers, events, create, put } = engine();
    await create({ RetryOptions: { DurationInSeconds: 0 } });
    receivers.failNext(DD, 1, 500);
    await put(['a']);
    expect(receivers.get(DD)!.requests).toBe(1);
    expect(events.find((x) => x.type === 'errorOutput')).toMatchObject({ errorOutputType: 'http-endpoint-failed' });
    const list = s3.listObjects('backup');
    expect(list.ok && list.value.contents.map((o) => o.key)[0]).toMatch(/^http-endpoint-failed\//);
  });

  it('sends at most 10,000 records per request', async () => {
    const { sent, create, put, advance } = engine();
    await create({ BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } });
    for (let i = 0; i < 21; i++) await put(Array.from({ length: i === 20 ? 1 : 500 }, () => 'x'));
    await advance(60_000, 60_000);
    expect(sent.map((r) => (JSON.parse(new TextDecoder().decode(r.body)) as { records: unknown[] }).records.length)).toEqual([10_000, 1]);
  });

  it('appends the AppendDelimiterToRecord delimiter to each record it sends', async () => {
    const { receivers, create, put } = engine();
    await create({ EndpointConfiguration: { Url: 'https://demo.shardlab.test/in' }, ProcessingConfiguration: { Enabled: true, Processors: [{ Type: 'AppendDelimiterToRecord' }] } });
    await put(['a', 'b']);
    expect(receivers.get('https://demo.shardlab.test/in')!.recent.map((i) => i.doc.data)).toEqual(['a\n', 'b\n']);
  });

  it('batches waiting for a retry go to S3 when UpdateDestination turns the destination into S3', async () => {
    const { e, s3, receivers, events, create, put, advance } = engine();
    await create({});
    receivers.setDown(DD, true);
    await put(['keep me']);
    expect(e.pipelineStats('d')?.retrying).toBe(1);
    const u = await e.dispatch('UpdateDestination', {
      DeliveryStreamName: 'd', CurrentDeliveryStreamVersionId: '1', DestinationId: 'destinationId-000000000001',
      ExtendedS3DestinationUpdate: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::backup', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
    });
    expect(u.ok).toBe(true);
    await advance(62_000);
    const list = s3.listObjects('backup');
    const keys = list.ok ? list.value.contents.map((o) => o.key) : [];
    expect(keys).toHaveLength(1);
    const got = s3.getObject('backup', keys[0]!);
    expect(got.ok && new TextDecoder().decode(got.value.body)).toBe('keep me');
    expect(events.some((x) => x.type === 'delivered')).toBe(true);
  });
});
