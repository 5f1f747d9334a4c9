/**
 * The Analytics tab's state: the applications (snapshots read with the lab's refresh when they
 * changed), the one being edited (source, discovered schema, SQL, outputs), the SQL's inline
 * check, and the actions — discover, save, start, stop, delete, and a demo stock-ticker
 * producer for a class to start from. Every failure becomes a message.
 */
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, HeadBucketCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { SimulationHost } from '../../broker/host';
import type { Problem } from '../../broker/analyticsControl';
import type { AppSnapshot } from '../../core/analytics/app/liveApp';
import type { AppConfig, AppOutput, StartingPosition } from '../../core/analytics/app/model';
import type { AppDescription } from '../../core/analytics/app/runtime';
import type { SourceSchema } from '../../core/analytics/input/types';
import { createRandom } from '../../core/sim/random';
import { errorName } from './errors';
import type { Messages } from './messages.svelte';
import { SQL_TEMPLATES, demoRecord } from './analyticsTemplates';

export interface AppDraft {
  name: string;
  sourceKind: 'kinesis' | 'firehose';
  sourceName: string;
  schema: SourceSchema | undefined;
  code: string;
  outputs: AppOutput[];
  /** The reference table a template joins, uploaded to this bucket when the app is saved. */
  referenceBucket: string;
}

export const NEW_DRAFT: AppDraft = {
  name: 'ticker-analytics', sourceKind: 'kinesis', sourceName: '', schema: undefined,
  code: SQL_TEMPLATES[0]!.sql, outputs: [], referenceBucket: 'shardlab-reference',
};

/** The draft of an existing application (to edit it). */
export function draftOf(a: AppSnapshot): AppDraft {
  return {
    name: a.name,
    sourceKind: a.input?.source.kind ?? 'kinesis',
    sourceName: a.input ? (a.input.source.kind === 'kinesis' ? a.input.source.streamName : a.input.source.deliveryStreamName) : '',
    schema: a.input?.schema,
    code: a.code,
    outputs: [...a.outputs],
    referenceBucket: a.referenceData?.bucket ?? NEW_DRAFT.referenceBucket,
  };
}

export class AnalyticsLab {
  apps = $state.raw<readonly AppSnapshot[]>([]);
  selected = $state<string | undefined>(undefined);
  draft = $state<AppDraft>({ ...NEW_DRAFT });
  /** The draft's SQL planned against its schema: its streams and pumps, or the error's place. */
  check = $state.raw<{ ok: true; description: AppDescription } | ({ ok: false } & Problem) | undefined>(undefined);
  samples = $state.raw<readonly string[]>([]);
  busy = $state(false);
  demo = $state<{ stream: string; perSecond: number } | undefined>(undefined);
  private dirty = true;
  private demoTimer: ReturnType<typeof setInterval> | undefined;
  private readonly random = createRandom(20261126);
  private readonly prices = new Map<string, number>();

  constructor(private readonly host: SimulationHost, private readonly messages: Messages) {
    host.analytics.observe(() => { this.dirty = true; });
  }

  /** With the lab's refresh (4× a second): the applications, when they changed. */
  refresh(): void {
    if (!this.dirty) return;
    this.dirty = false;
    this.apps = this.host.analytics.list();
  }

  get current(): AppSnapshot | undefined {
    return this.apps.find((a) => a.name === this.selected);
  }

  select(name: string | undefined): void {
    this.selected = name;
    const a = name ? this.host.analytics.get(name) : undefined;
    this.draft = a ? draftOf(a) : { ...NEW_DRAFT };
    this.recheck();
  }

  /** Plans the draft's SQL (called as it is edited). */
  recheck(): void {
    const d = $state.snapshot(this.draft) as AppDraft;
    this.check = this.host.analytics.check(d.code, d.schema ? { namePrefix: 'SOURCE_SQL_STREAM', source: this.source(d), schema: d.schema } : undefined);
  }

  useTemplate(id: string): void {
    const t = SQL_TEMPLATES.find((x) => x.id === id);
    if (!t) return;
    this.draft.code = t.sql;
    this.recheck();
  }

  async discover(): Promise<void> {
    const d = this.draft;
    if (!d.sourceName) return this.messages.push('warning', 'Discover schema', 'Choose the source stream first.');
    this.busy = true;
    try {
      const r = await this.host.analytics.discover(this.source(d));
      this.samples = r.samples;
      if (!r.ok) return this.messages.push('warning', 'Discover schema', r.message);
      this.draft.schema = r.schema;
      this.recheck();
    } finally {
      this.busy = false;
    }
  }

  /** Creates the application (or saves the edited one), uploading a template's reference data first. */
  async save(): Promise<boolean> {
    // Plain data, not the draft's reactive proxies: the configuration goes to a worker (structured clone).
    const d = $state.snapshot(this.draft) as AppDraft;
    if (!d.schema) {
      this.messages.push('warning', `Application ${d.name}`, 'Discover the source\'s schema first (or pick a source with records).');
      return false;
    }
    this.busy = true;
    try {
      const template = SQL_TEMPLATES.find((t) => t.reference && d.code.includes(`"${t.reference.tableName}"`));
      const referenceData = template?.reference ? await this.uploadReference(d.referenceBucket, template.reference) : undefined;
      const config: Omit<AppConfig, 'name'> = {
        code: d.code,
        input: { namePrefix: 'SOURCE_SQL_STREAM', source: this.source(d), schema: d.schema },
        ...(referenceData ? { referenceData } : {}),
        outputs: d.outputs,
      };
      const exists = this.host.analytics.get(d.name);
      const r = exists ? this.host.analytics.update(d.name, config) : this.host.analytics.create({ name: d.name, ...config });
      if (!r.ok) {
        this.messages.push('error', `Application ${d.name}`, r.message);
        return false;
      }
      this.selected = d.name;
      this.dirty = true;
      this.refresh();
      return true;
    } catch (e) {
      this.messages.error(`Application ${d.name}`, e);
      return false;
    } finally {
      this.busy = false;
    }
  }

  async start(position: StartingPosition): Promise<void> {
    const name = this.selected;
    if (!name) return;
    if (!(await this.save())) return;
    const r = await this.host.analytics.start(name, position);
    if (!r.ok) this.messages.push('error', `Start ${name}`, r.line !== undefined ? `line ${r.line}, column ${r.column}: ${r.message.replace(/^line \d+, column \d+: /, '')}` : r.message);
  }

  async stop(): Promise<void> {
    if (this.selected) await this.host.analytics.stop(this.selected);
  }

  remove(): void {
    if (!this.selected) return;
    this.host.analytics.remove(this.selected);
    this.select(undefined);
  }

  /** The demo stock-ticker producer: `perSecond` records a (real) second into a Kinesis stream. */
  startDemo(stream: string, perSecond = 10): void {
    this.stopDemo();
    this.demo = { stream, perSecond };
    let i = 0;
    this.demoTimer = setInterval(() => {
      if (this.host.clock.paused) return;
      const n = Math.max(1, Math.round(perSecond / 4));
      const records = Array.from({ length: n }, () => {
        const data = demoRecord(i++, () => this.random.next(), this.prices);
        return { PartitionKey: (JSON.parse(data) as { ticker_symbol: string }).ticker_symbol, Data: new TextEncoder().encode(data) };
      });
      this.host.kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: records })).catch((e: unknown) => {
        this.messages.error(`Demo producer → ${stream}`, e);
        this.stopDemo();
      });
    }, 250);
  }

  stopDemo(): void {
    if (this.demoTimer !== undefined) clearInterval(this.demoTimer);
    this.demoTimer = undefined;
    this.demo = undefined;
  }

  private source(d: AppDraft): NonNullable<AppConfig['input']>['source'] {
    return d.sourceKind === 'kinesis' ? { kind: 'kinesis', streamName: d.sourceName } : { kind: 'firehose', deliveryStreamName: d.sourceName };
  }

  /** Puts a template's reference table (CSV) in S3 and returns the application's reference data for it. */
  private async uploadReference(bucket: string, ref: NonNullable<(typeof SQL_TEMPLATES)[number]['reference']>): Promise<AppConfig['referenceData']> {
    try {
      await this.host.s3.send(new HeadBucketCommand({ Bucket: bucket }));
    } catch (e) {
      if (errorName(e) !== 'NotFound' && errorName(e) !== 'NoSuchBucket') throw e;
      await this.host.s3.send(new CreateBucketCommand({ Bucket: bucket }));
    }
    await this.host.s3.send(new PutObjectCommand({ Bucket: bucket, Key: ref.key, Body: ref.csv, ContentType: 'text/csv' }));
    return {
      tableName: ref.tableName, bucket, key: ref.key,
      schema: {
        RecordFormat: { RecordFormatType: 'CSV', MappingParameters: { CSVMappingParameters: { RecordRowDelimiter: '\n', RecordColumnDelimiter: ',' } } },
        RecordEncoding: 'UTF-8',
        RecordColumns: ref.columns.map((c) => ({ Name: c.name, SqlType: c.type })),
      },
    };
  }
}
