/**
 * Firehose → Amazon Redshift and the Redshift Data API, through the real
 * `@aws-sdk/client-firehose` and `@aws-sdk/client-redshift-data` on a manual clock: the table is
 * made with ExecuteStatement, records go in with PutRecordBatch, Firehose COPYs them from the
 * intermediate bucket, and the rows come back with GetStatementResult — as the same code would
 * on AWS. Failures as AWS shows them: a failed statement is FAILED in DescribeStatement, a COPY
 * with bad rows is logged in stl_load_errors and retried, a paused cluster's batch is skipped to
 * errors/ after the retry duration.
 */
import { describe, expect, it } from 'vitest';
import { CreateDeliveryStreamCommand, FirehoseClient, PutRecordBatchCommand } from '@aws-sdk/client-firehose';
import {
  BatchExecuteStatementCommand, DescribeStatementCommand, DescribeTableCommand, ExecuteStatementCommand, GetStatementResultCommand, ListTablesCommand,
  RedshiftDataClient, RedshiftDataServiceException,
} from '@aws-sdk/client-redshift-data';
import { ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { createSimulation } from '../../src/index.js';
import { expectAwsError } from './harness.js';

const ROLE = 'arn:aws:iam::123456789012:role/firehose';

function setup() {
  const sim = createSimulation({ clock: 'manual' });
  const cfg = { region: sim.region, credentials: { accessKeyId: 'x', secretAccessKey: 'x' }, requestHandler: sim.requestHandler, maxAttempts: 1 };
  const firehose = new FirehoseClient(cfg);
  const data = new RedshiftDataClient(cfg);
  const s3 = new S3Client({ ...cfg, forcePathStyle: true });
  const cluster = sim.redshift.create('warehouse', { masterPassword: 'Classroom1' });
  if (!cluster.ok) throw new Error(cluster.error.message);
  sim.s3.createBucket('stage');
  /** Runs SQL through the Data API and returns its rows (or the statement's Error). */
  async function sql(text: string): Promise<{ status?: string; error?: string; records?: unknown[][] }> {
    const { Id } = await data.send(new ExecuteStatementCommand({ ClusterIdentifier: 'warehouse', Database: 'dev', DbUser: 'awsuser', Sql: text }));
    const d = await data.send(new DescribeStatementCommand({ Id }));
    if (d.Status === 'FAILED' || !d.HasResultSet) return { status: d.Status, ...(d.Error ? { error: d.Error } : {}) };
    const r = await data.send(new GetStatementResultCommand({ Id }));
    return { status: d.Status, records: r.Records ?? [] };
  }
  async function deliveryStream(extra: Record<string, unknown> = {}) {
    await firehose.send(new CreateDeliveryStreamCommand({
      DeliveryStreamName: 'to-rs',
      RedshiftDestinationConfiguration: {
        RoleARN: ROLE, ClusterJDBCURL: cluster.ok ? cluster.value.jdbcUrl : '', Username: 'awsuser', Password: 'Classroom1',
        CopyCommand: { DataTableName: 'events', CopyOptions: "JSON 'auto'" },
        S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::stage', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } },
        ...extra,
      },
    }));
    sim.clock.advance(sim.firehose.createMs);
  }
  async function put(lines: string[]) {
    await firehose.send(new PutRecordBatchCommand({ DeliveryStreamName: 'to-rs', Records: lines.map((l) => ({ Data: new TextEncoder().encode(`${l}\n`) })) }));
  }
  async function advance(ms: number) {
    sim.clock.advance(ms);
    await sim.firehose.idle();
  }
  const keys = async (prefix = '') => ((await s3.send(new ListObjectsV2Command({ Bucket: 'stage', Prefix: prefix }))).Contents ?? []).map((o) => o.Key!);
  return { sim, firehose, data, sql, deliveryStream, put, advance, keys };
}

describe('Firehose into Redshift, queried with the Data API', () => {
  it('loads every record with COPY from the intermediate bucket once the buffer flushes, and the Data API reads them back typed', async () => {
    const t = setup();
    expect((await t.sql('CREATE TABLE events (id INTEGER NOT NULL, kind VARCHAR(16), amount DECIMAL(8,2), ok BOOLEAN)')).status).toBe('FINISHED');
    await t.deliveryStream();
    await t.put(['{"id":1,"kind":"click","amount":1.5,"ok":true}', '{"id":2,"kind":"view","ok":false}', '{"id":3,"kind":"click","amount":20}']);
    await t.advance(59_000);
    expect((await t.sql('SELECT COUNT(*) FROM events')).records).toEqual([[{ longValue: 0 }]]);
    await t.advance(1_000);
    expect((await t.sql('SELECT id, kind, amount, ok FROM events ORDER BY id')).records).toEqual([
      [{ longValue: 1 }, { stringValue: 'click' }, { stringValue: '1.50' }, { booleanValue: true }],
      [{ longValue: 2 }, { stringValue: 'view' }, { isNull: true }, { booleanValue: false }],
      [{ longValue: 3 }, { stringValue: 'click' }, { stringValue: '20.00' }, { isNull: true }],
    ]);
    const keys = await t.keys();
    expect(keys.filter((k) => k.startsWith('manifests/'))).toHaveLength(1);
    // stl_load_commits names the data file the manifest listed.
    const commits = await t.sql('SELECT TRIM(filename) FROM stl_load_commits');
    expect(commits.records).toEqual([[{ stringValue: `s3://stage/${keys.find((k) => !k.startsWith('manifests/'))}` }]]);
    const tables = await t.data.send(new ListTablesCommand({ ClusterIdentifier: 'warehouse', Database: 'dev', SchemaPattern: 'public' }));
    expect(tables.Tables).toEqual([{ name: 'events', schema: 'public', type: 'TABLE' }]);
    const described = await t.data.send(new DescribeTableCommand({ ClusterIdentifier: 'warehouse', Database: 'dev', Table: 'events' }));
    expect(described.ColumnList?.map((c) => [c.name, c.typeName, c.nullable])).toEqual([['id', 'int4', 0], ['kind', 'varchar', 1], ['amount', 'numeric', 1], ['ok', 'bool', 1]]);
  });

  it('retries a COPY that fails on a bad row (stl_load_errors says why), and loads the batch once the table accepts it', async () => {
    const t = setup();
    await t.sql('CREATE TABLE events (id INTEGER NOT NULL, kind VARCHAR(4))');
    await t.deliveryStream();
    await t.put(['{"id":1,"kind":"ok"}', '{"id":2,"kind":"far too long"}']);
    await t.advance(60_000);
    expect((await t.sql('SELECT COUNT(*) FROM events')).records).toEqual([[{ longValue: 0 }]]); // COPY is atomic
    const why = await t.sql('SELECT line_number, TRIM(colname), err_code, TRIM(err_reason) FROM stl_load_errors');
    expect(why.records).toEqual([[{ longValue: 2 }, { stringValue: 'kind' }, { longValue: 1204 }, { stringValue: 'String length exceeds DDL length' }]]);
    expect(t.sim.firehose.pipelineStats('to-rs')?.retrying).toBe(2);
    // The fix a learner makes: a wider column. The next try (5 minutes on) loads both records.
    await t.sql('DROP TABLE events');
    await t.sql('CREATE TABLE events (id INTEGER NOT NULL, kind VARCHAR(32))');
    await t.advance(5 * 60_000);
    expect((await t.sql('SELECT kind FROM events ORDER BY id')).records).toEqual([[{ stringValue: 'ok' }], [{ stringValue: 'far too long' }]]);
    expect(t.sim.firehose.pipelineStats('to-rs')?.retrying).toBe(0);
  });

  it('skips the batch after the retry duration when the cluster stays paused: the manifest goes under errors/', async () => {
    const t = setup();
    await t.sql('CREATE TABLE events (id INTEGER)');
    await t.deliveryStream({ RetryOptions: { DurationInSeconds: 600 } });
    t.sim.redshift.setPaused('warehouse', true);
    await t.put(['{"id":1}']);
    await t.advance(60_000);
    for (let k = 0; k < 3; k++) await t.advance(5 * 60_000);
    const keys = await t.keys();
    expect(keys.filter((k) => k.startsWith('errors/manifests/'))).toHaveLength(1);
    t.sim.redshift.setPaused('warehouse', false);
    expect((await t.sql('SELECT COUNT(*) FROM events')).records).toEqual([[{ longValue: 0 }]]);
    // The errors/ manifest is what a backfill COPY uses.
    const manifest = keys.find((k) => k.startsWith('errors/manifests/'))!;
    expect((await t.sql(`COPY events FROM 's3://stage/${manifest}' IAM_ROLE '${ROLE}' MANIFEST JSON 'auto'`)).status).toBe('FINISHED');
    expect((await t.sql('SELECT COUNT(*) FROM events')).records).toEqual([[{ longValue: 1 }]]);
  });
});

describe('the Redshift Data API', () => {
  it('answers a failed statement as AWS does: accepted, then FAILED with the error, and no result', async () => {
    const t = setup();
    const { Id } = await t.data.send(new ExecuteStatementCommand({ ClusterIdentifier: 'warehouse', Database: 'dev', Sql: 'SELECT * FROM missing' }));
    const d = await t.data.send(new DescribeStatementCommand({ Id }));
    expect(d).toMatchObject({ Status: 'FAILED', Error: 'ERROR: relation "missing" does not exist', HasResultSet: false, QueryString: 'SELECT * FROM missing' });
    const e = await expectAwsError(t.data.send(new GetStatementResultCommand({ Id })), 'ResourceNotFoundException', /Query does not have result/, RedshiftDataServiceException);
    expect((e as unknown as { ResourceId?: string }).ResourceId).toBe(Id);
    await expectAwsError(t.data.send(new DescribeStatementCommand({ Id: '00000000-0000-4000-8000-000000000000' })), 'ResourceNotFoundException', undefined, RedshiftDataServiceException);
    await expectAwsError(t.data.send(new ExecuteStatementCommand({ ClusterIdentifier: 'nope', Database: 'dev', Sql: 'SELECT 1' })), 'ValidationException', /nope/, RedshiftDataServiceException);
  });

  it('runs a batch as sub-statements <Id>:<n>, each with its own result', async () => {
    const t = setup();
    const { Id } = await t.data.send(new BatchExecuteStatementCommand({
      ClusterIdentifier: 'warehouse', Database: 'dev',
      Sqls: ['CREATE TABLE t (a INTEGER, b VARCHAR(8))', "INSERT INTO t VALUES (1, 'x'), (2, 'y')", 'SELECT b FROM t WHERE a > 1'],
    }));
    const d = await t.data.send(new DescribeStatementCommand({ Id }));
    expect(d.SubStatements?.map((s) => [s.Id, s.Status, s.HasResultSet, s.ResultRows])).toEqual([[`${Id}:1`, 'FINISHED', false, 0], [`${Id}:2`, 'FINISHED', false, 2], [`${Id}:3`, 'FINISHED', true, 1]]);
    const r = await t.data.send(new GetStatementResultCommand({ Id: `${Id}:3` }));
    expect(r.Records).toEqual([[{ stringValue: 'y' }]]);
  });

  it('runs exactly one statement per ExecuteStatement (several: FAILED, and nothing ran)', async () => {
    const t = setup();
    await t.sql('CREATE TABLE u (a INTEGER)');
    const r = await t.sql('INSERT INTO u VALUES (1); INSERT INTO u VALUES (2)');
    expect(r).toMatchObject({ status: 'FAILED', error: 'ERROR: cannot insert multiple commands into a prepared statement' });
    expect((await t.sql('SELECT COUNT(*) FROM u')).records).toEqual([[{ longValue: 0 }]]);
  });

  it('rolls a failed batch back as one transaction, and names the statement that failed', async () => {
    const t = setup();
    await t.sql('CREATE TABLE u (a INTEGER)');
    const { Id } = await t.data.send(new BatchExecuteStatementCommand({ ClusterIdentifier: 'warehouse', Database: 'dev', Sqls: ['INSERT INTO u VALUES (3)', 'SELECT 1/0', 'INSERT INTO u VALUES (4)'] }));
    const d = await t.data.send(new DescribeStatementCommand({ Id }));
    expect(d.Status).toBe('FAILED');
    expect(d.SubStatements?.map((s) => [s.Status, s.Error ?? null])).toEqual([['ABORTED', null], ['FAILED', 'ERROR: division by zero'], ['ABORTED', null]]);
    expect((await t.sql('SELECT COUNT(*) FROM u')).records).toEqual([[{ longValue: 0 }]]);
  });
});
