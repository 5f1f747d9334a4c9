import { describe, expect, it } from 'vitest';
import { createClock } from '../sim/clock';
import { createRandom } from '../sim/random';
import { S3Store } from '../s3/store';
import { encodeBase64 } from '../util/base64';
import { FirehoseEngine } from './engine';
import { Pipeline } from './delivery';
import type { FirehoseEvent } from './events';
import { REDSHIFT_RETRY_MS, type RedshiftConnector, type RedshiftOutcome } from './redshiftDelivery';

const ROLE = 'arn:aws:iam::123456789012:role/r';
const JDBC = 'jdbc:redshift://analytics.cabc123def456.us-east-1.redshift.amazonaws.com:5439/dev';
const b64 = (s: string) => encodeBase64(new TextEncoder().encode(s));

/** A connector that answers from a script (and remembers every statement). */
function scripted(answers: RedshiftOutcome[]) {
  const calls: { url: string; user: string; password: string; sql: string }[] = [];
  const connector: RedshiftConnector = {
    execute: async (url, user, password, sql) => {
      calls.push({ url, user, password, sql });
      return answers.shift() ?? { ok: true, rowsAffected: 0 };
    },
  };
  return { connector, calls };
}

function setup(answers: RedshiftOutcome[]) {
  const clock = createClock({ mode: 'manual' });
  const s3 = new S3Store({ now: () => clock.now() });
  s3.createBucket('stage');
  const settled: string[] = [];
  const { connector, calls } = scripted(answers);
  const e = new FirehoseEngine({
    clock, account: { region: 'us-east-1', accountId: '123456789012' }, random: createRandom(5), s3, redshift: connector,
    pipelineFactory: (eng, st) => new Pipeline(eng, st, (ids) => settled.push(...ids)),
  });
  const events: FirehoseEvent[] = [];
  e.events.observe((ev) => events.push(ev));
  return { clock, s3, e, settled, calls, events };
}

const config = (retrySeconds = 3600) => ({
  RoleARN: ROLE, ClusterJDBCURL: JDBC, Username: 'awsuser', Password: 'Secret123',
  CopyCommand: { DataTableName: 'events', DataTableColumns: 'id,name', CopyOptions: "JSON 'auto' GZIP" },
  RetryOptions: { DurationInSeconds: retrySeconds },
  S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::stage', Prefix: 'fh/', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 }, CompressionFormat: 'GZIP' },
});

const keys = (s3: S3Store, prefix: string) => {
  const l = s3.listObjects('stage', { prefix });
  return l.ok ? l.value.contents.map((o) => o.key) : [];
};

async function created(answers: RedshiftOutcome[], retrySeconds?: number) {
  const t = setup(answers);
  const out = await t.e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'to-rs', RedshiftDestinationConfiguration: config(retrySeconds) });
  expect(out.ok).toBe(true);
  t.clock.advance(t.e.createMs);
  return t;
}

describe('delivery to Amazon Redshift', () => {
  it('delivers to the intermediate bucket first, then writes a manifest of those objects and COPYs it with the destination\'s options', async () => {
    const t = await created([{ ok: true, rowsAffected: 2 }]);
    await t.e.dispatch('PutRecordBatch', { DeliveryStreamName: 'to-rs', Records: [{ Data: b64('{"id":1}') }, { Data: b64('{"id":2}') }] });
    t.clock.advance(59_000);
    await t.e.idle();
    expect(t.calls).toHaveLength(0); // the buffer's interval is not over: nothing in S3, no COPY
    t.clock.advance(1_000);
    await t.e.idle();
    const data = keys(t.s3, 'fh/2').filter((k) => !k.includes('manifests/'));
    expect(data).toHaveLength(1);
    expect(data[0]).toMatch(/\.gz$/);
    const manifests = keys(t.s3, 'fh/manifests/');
    expect(manifests).toHaveLength(1);
    const m = t.s3.getObject('stage', manifests[0]!);
    expect(m.ok && JSON.parse(new TextDecoder().decode(m.value.body))).toEqual({ entries: [{ url: `s3://stage/${data[0]}`, mandatory: true }] });
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]).toMatchObject({ url: JDBC, user: 'awsuser', password: 'Secret123' });
    expect(t.calls[0]!.sql).toBe(`COPY events (id,name) FROM 's3://stage/${manifests[0]}' CREDENTIALS 'aws_iam_role=${ROLE}' MANIFEST JSON 'auto' GZIP;`);
    expect(t.settled).toHaveLength(2);
    expect(t.events.find((ev) => ev.type === 'redshiftLoaded')).toMatchObject({ table: 'events', records: 2, rowsLoaded: 2, objects: 1, attempts: 1 });
  });

  it('keeps the records (unsettled) while a COPY fails, retries every 5 minutes, and loads them when the cluster answers', async () => {
    const fail: RedshiftOutcome = { ok: false, errorCode: 'Redshift.TableNotFound', errorMessage: 'ERROR: relation "events" does not exist' };
    const t = await created([fail, fail, { ok: true, rowsAffected: 1 }]);
    await t.e.dispatch('PutRecord', { DeliveryStreamName: 'to-rs', Record: { Data: b64('{"id":1}') } });
    t.clock.advance(60_000);
    await t.e.idle();
    expect(t.calls).toHaveLength(1);
    expect(t.settled).toEqual([]);
    expect(t.e.pipelineStats('to-rs')?.retrying).toBe(1);
    const failed = t.events.filter((ev) => ev.type === 'deliveryFailed');
    expect(failed[0]).toMatchObject({ destination: 'Redshift', errorCode: 'Redshift.TableNotFound', attempt: 1 });
    t.clock.advance(REDSHIFT_RETRY_MS - 1);
    await t.e.idle();
    expect(t.calls).toHaveLength(1);
    t.clock.advance(1);
    await t.e.idle();
    expect(t.calls).toHaveLength(2);
    expect(t.calls[1]!.sql).toBe(t.calls[0]!.sql); // the same manifest, not a new one
    t.clock.advance(REDSHIFT_RETRY_MS);
    await t.e.idle();
    expect(t.calls).toHaveLength(3);
    expect(t.settled).toHaveLength(1);
    expect(keys(t.s3, 'fh/manifests/')).toHaveLength(1);
    expect(keys(t.s3, 'fh/errors/')).toHaveLength(0);
  });

  it('after the retry window skips the batch: its manifest goes under errors/ for a backfill, and the data stays in the bucket', async () => {
    const fail: RedshiftOutcome = { ok: false, errorCode: 'Redshift.ConnectionFailed', errorMessage: 'paused' };
    const t = await created(Array.from({ length: 10 }, () => fail), 600);
    await t.e.dispatch('PutRecord', { DeliveryStreamName: 'to-rs', Record: { Data: b64('{"id":1}') } });
    t.clock.advance(60_000);
    await t.e.idle();
    t.clock.advance(REDSHIFT_RETRY_MS);
    await t.e.idle();
    expect(t.calls).toHaveLength(2); // the first try, and +5 min
    expect(keys(t.s3, 'fh/errors/')).toHaveLength(0); // the retry duration (10 min) is not over
    t.clock.advance(REDSHIFT_RETRY_MS - 1);
    await t.e.idle();
    expect(keys(t.s3, 'fh/errors/')).toHaveLength(0);
    t.clock.advance(1);
    await t.e.idle();
    // The last try at the very end of the retry duration (+10 min) fails too: skipped.
    expect(t.calls).toHaveLength(3);
    const errs = keys(t.s3, 'fh/errors/manifests/');
    expect(errs).toHaveLength(1);
    expect(errs[0]!.slice('fh/errors/'.length)).toBe(keys(t.s3, 'fh/manifests/')[0]!.slice('fh/'.length));
    expect(t.settled).toHaveLength(1);
    expect(t.events.some((ev) => ev.type === 'errorOutput' && ev.errorOutputType === 'redshift-copy-failed')).toBe(true);
    expect(keys(t.s3, 'fh/2')).toHaveLength(1); // the intermediate object is still there
  });

  it('runs one COPY at a time: objects delivered meanwhile go in the next manifest together', async () => {
    let release: (o: RedshiftOutcome) => void = () => undefined;
    const calls: string[] = [];
    const clock = createClock({ mode: 'manual' });
    const s3 = new S3Store({ now: () => clock.now() });
    s3.createBucket('stage');
    const e = new FirehoseEngine({
      clock, account: { region: 'us-east-1', accountId: '123456789012' }, random: createRandom(5), s3,
      redshift: { execute: (_u, _n, _p, sql) => { calls.push(sql); return new Promise<RedshiftOutcome>((r) => { release = r; }); } },
    });
    await e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'to-rs', RedshiftDestinationConfiguration: { ...config(), S3Configuration: { ...config().S3Configuration, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 0 } } } });
    clock.advance(e.createMs);
    await e.dispatch('PutRecord', { DeliveryStreamName: 'to-rs', Record: { Data: b64('a') } });
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toHaveLength(1);
    await e.dispatch('PutRecord', { DeliveryStreamName: 'to-rs', Record: { Data: b64('b') } });
    await e.dispatch('PutRecord', { DeliveryStreamName: 'to-rs', Record: { Data: b64('c') } });
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toHaveLength(1); // the first COPY is still running
    release({ ok: true, rowsAffected: 1 });
    await new Promise((r) => setTimeout(r, 0));
    expect(calls).toHaveLength(2);
    const manifestKey = /FROM 's3:\/\/stage\/([^']+)'/.exec(calls[1]!)![1]!;
    const m = s3.getObject('stage', manifestKey);
    expect(m.ok && (JSON.parse(new TextDecoder().decode(m.value.body)) as { entries: unknown[] }).entries).toHaveLength(2);
    release({ ok: true, rowsAffected: 2 });
    await e.idle();
  });
});

describe('the Redshift destination\'s configuration', () => {
  it('fills in AWS\'s defaults, never describes the password, and refuses what COPY cannot read', async () => {
    const t = setup([]);
    const c = config();
    const { RetryOptions: _r, ...noRetry } = c;
    expect((await t.e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'a', RedshiftDestinationConfiguration: noRetry })).ok).toBe(true);
    const d = await t.e.dispatch('DescribeDeliveryStream', { DeliveryStreamName: 'a' });
    const desc = (d.ok ? d.value : {}) as { DeliveryStreamDescription: { Destinations: { RedshiftDestinationDescription: Record<string, unknown> }[] } };
    const r = desc.DeliveryStreamDescription.Destinations[0]!.RedshiftDestinationDescription;
    expect(r).toMatchObject({ ClusterJDBCURL: JDBC, Username: 'awsuser', RetryOptions: { DurationInSeconds: 3600 }, S3BackupMode: 'Disabled', CopyCommand: c.CopyCommand });
    expect(r).not.toHaveProperty('Password');
    expect(r.S3DestinationDescription).toMatchObject({ BucketARN: 'arn:aws:s3:::stage', CompressionFormat: 'GZIP' });
    const zip = await t.e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'b', RedshiftDestinationConfiguration: { ...c, S3Configuration: { ...c.S3Configuration, CompressionFormat: 'ZIP' } } });
    expect(!zip.ok && zip.error.__type).toBe('InvalidArgumentException');
    const expr = await t.e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'b', RedshiftDestinationConfiguration: { ...c, S3Configuration: { ...c.S3Configuration, Prefix: 'x/!{timestamp:yyyy}/' } } });
    expect(!expr.ok && expr.error.message).toMatch(/cannot contain expressions/);
    const { Password: _p, ...noPassword } = c;
    const np = await t.e.dispatch('CreateDeliveryStream', { DeliveryStreamName: 'b', RedshiftDestinationConfiguration: noPassword });
    expect(!np.ok && np.error.message).toMatch(/Username and Password are required/);
  });

  it('merges a RedshiftDestinationUpdate and keeps the password unless a new one is given', async () => {
    const t = await created([]);
    const up = await t.e.dispatch('UpdateDestination', {
      DeliveryStreamName: 'to-rs', CurrentDeliveryStreamVersionId: '1', DestinationId: 'destinationId-000000000001',
      RedshiftDestinationUpdate: { CopyCommand: { DataTableName: 'events2' }, RetryOptions: { DurationInSeconds: 60 } },
    });
    expect(up.ok).toBe(true);
    const st = t.e.streams.get('to-rs')!.state;
    expect(st.redshift).toMatchObject({ CopyCommand: { DataTableName: 'events2' }, RetryOptions: { DurationInSeconds: 60 }, Password: 'Secret123' });
  });

  it('replaces the CopyCommand whole on update (options can be removed), as AWS takes it', async () => {
    const t = await created([]);
    await t.e.dispatch('UpdateDestination', {
      DeliveryStreamName: 'to-rs', CurrentDeliveryStreamVersionId: '1', DestinationId: 'destinationId-000000000001',
      RedshiftDestinationUpdate: { CopyCommand: { DataTableName: 'events2' } },
    });
    expect(t.e.streams.get('to-rs')!.state.redshift!.CopyCommand).toEqual({ DataTableName: 'events2' });
  });
});

describe('the Redshift retry duration', () => {
  it('0 seconds: no retry, the batch is skipped at once; 300 seconds: one retry at its end', async () => {
    const fail: RedshiftOutcome = { ok: false, errorCode: 'Redshift.ConnectionFailed', errorMessage: 'paused' };
    const zero = await created(Array.from({ length: 5 }, () => fail), 0);
    await zero.e.dispatch('PutRecord', { DeliveryStreamName: 'to-rs', Record: { Data: b64('{"id":1}') } });
    zero.clock.advance(60_000);
    await zero.e.idle();
    expect(zero.calls).toHaveLength(1);
    expect(keys(zero.s3, 'fh/errors/')).toHaveLength(1);
    const five = await created(Array.from({ length: 5 }, () => fail), 300);
    await five.e.dispatch('PutRecord', { DeliveryStreamName: 'to-rs', Record: { Data: b64('{"id":1}') } });
    five.clock.advance(60_000);
    await five.e.idle();
    expect(keys(five.s3, 'fh/errors/')).toHaveLength(0);
    five.clock.advance(REDSHIFT_RETRY_MS);
    await five.e.idle();
    expect(five.calls).toHaveLength(2);
    expect(keys(five.s3, 'fh/errors/')).toHaveLength(1);
  });

  it('writes the skipped manifest under errors/ of the prefix it was made with, even if the prefix changed meanwhile', async () => {
    const fail: RedshiftOutcome = { ok: false, errorCode: 'Redshift.ConnectionFailed', errorMessage: 'paused' };
    const t = await created(Array.from({ length: 5 }, () => fail), 300);
    await t.e.dispatch('PutRecord', { DeliveryStreamName: 'to-rs', Record: { Data: b64('{"id":1}') } });
    t.clock.advance(60_000);
    await t.e.idle();
    await t.e.dispatch('UpdateDestination', {
      DeliveryStreamName: 'to-rs', CurrentDeliveryStreamVersionId: '1', DestinationId: 'destinationId-000000000001',
      RedshiftDestinationUpdate: { S3Update: { Prefix: 'other/' } },
    });
    t.clock.advance(REDSHIFT_RETRY_MS);
    await t.e.idle();
    const errs = keys(t.s3, 'fh/errors/manifests/');
    expect(errs).toHaveLength(1);
    expect(errs[0]!.slice('fh/errors/'.length)).toBe(keys(t.s3, 'fh/manifests/')[0]!.slice('fh/'.length));
  });
});
