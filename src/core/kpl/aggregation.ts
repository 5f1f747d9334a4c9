/**
 * The KPL aggregated record format ("KPL 0.9.0", spec §1.4): magic `F3 89 9A C2`, a proto2
 * `AggregatedRecord`, then the MD5 of the protobuf bytes. Many user records travel in one
 * Kinesis record; the KCL, Lambda and Firehose de-aggregate them (spec §1.5).
 *
 * Source of the layout: awslabs/amazon-kinesis-producer aggregation-format.md and
 * aws/kinesis/core/kinesis_record.cc; `aws-kinesis-agg` 4.2.8 (lib/kpl.json) uses the same schema.
 */
import protobuf from 'protobufjs/light.js';
import { md5 } from '../util/md5.js';
import { utf8Length } from '../util/utf8.js';
import { hasKplMagic, KPL_DIGEST as DIGEST, KPL_MAGIC } from './magic.js';

export { countUserRecords, hasKplMagic, KPL_MAGIC } from './magic.js';

/** One user record as the aggregated format carries it. */
export interface UserRecordEntry {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly data: Uint8Array;
}

/** Magic + MD5: the bytes an aggregate costs beyond its protobuf (kinesis_record.h kFixedOverhead). */
export const AGGREGATE_FIXED_OVERHEAD = KPL_MAGIC.length + DIGEST;

// The schema of aws/kinesis/protobuf/messages.proto, built in code (no codegen step).
const root = new protobuf.Root()
  .add(new protobuf.Type('Tag')
    .add(new protobuf.Field('key', 1, 'string', 'required'))
    .add(new protobuf.Field('value', 2, 'string', 'optional')))
  .add(new protobuf.Type('Record')
    .add(new protobuf.Field('partition_key_index', 1, 'uint64', 'required'))
    .add(new protobuf.Field('explicit_hash_key_index', 2, 'uint64', 'optional'))
    .add(new protobuf.Field('data', 3, 'bytes', 'required'))
    .add(new protobuf.Field('tags', 4, 'Tag', 'repeated')))
  .add(new protobuf.Type('AggregatedRecord')
    .add(new protobuf.Field('partition_key_table', 1, 'string', 'repeated'))
    .add(new protobuf.Field('explicit_hash_key_table', 2, 'string', 'repeated'))
    .add(new protobuf.Field('records', 3, 'Record', 'repeated')));
root.resolveAll();
const AggregatedRecord = root.lookupType('AggregatedRecord');

interface WireRecord {
  partition_key_index: number;
  explicit_hash_key_index?: number;
  data: Uint8Array;
}
interface WireAggregate {
  partition_key_table: string[];
  explicit_hash_key_table: string[];
  records: WireRecord[];
}

/** Bytes of a protobuf varint holding `n` (n ≥ 0, an integer below 2^53). */
export function varintSize(n: number): number {
  let size = 1;
  while (n >= 128) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

/** Bytes of a length-delimited field (tag < 16 → one tag byte) carrying `len` bytes. */
const delimited = (len: number): number => 1 + varintSize(len) + len;

/**
 * Builds one aggregate incrementally and knows its exact encoded size at every step, so a
 * producer can respect AggregationMaxSize to the byte. Key tables are de-duplicated as the KPL
 * does (KeySet in kinesis_record.cc); indexes are 0-based in order of first appearance.
 */
export class Aggregator {
  private readonly pks = new Map<string, number>();
  private readonly ehks = new Map<string, number>();
  private readonly entries: UserRecordEntry[] = [];
  private protobufSize = 0;

  /** User records added so far. */
  get count(): number {
    return this.entries.length;
  }

  /** The records added so far, in order. */
  get records(): readonly UserRecordEntry[] {
    return this.entries;
  }

  /** Exact bytes of `build()` now: magic + protobuf + MD5 (0 when empty). */
  get size(): number {
    return this.entries.length === 0 ? 0 : AGGREGATE_FIXED_OVERHEAD + this.protobufSize;
  }

  /** Exact bytes `build()` would produce after adding `r`. */
  sizeWith(r: UserRecordEntry): number {
    return AGGREGATE_FIXED_OVERHEAD + this.protobufSize + this.growth(r);
  }

  /** Adds a user record. */
  add(r: UserRecordEntry): void {
    this.protobufSize += this.growth(r);
    if (!this.pks.has(r.partitionKey)) this.pks.set(r.partitionKey, this.pks.size);
    if (r.explicitHashKey !== undefined && !this.ehks.has(r.explicitHashKey)) this.ehks.set(r.explicitHashKey, this.ehks.size);
    this.entries.push(r);
  }

  /** The aggregated record bytes (magic, protobuf, MD5) of everything added. */
  build(): Uint8Array {
    const message: WireAggregate = {
      partition_key_table: [...this.pks.keys()],
      explicit_hash_key_table: [...this.ehks.keys()],
      records: this.entries.map((r) => ({
        partition_key_index: this.pks.get(r.partitionKey)!,
        ...(r.explicitHashKey !== undefined ? { explicit_hash_key_index: this.ehks.get(r.explicitHashKey)! } : {}),
        data: r.data,
      })),
    };
    const body = AggregatedRecord.encode(AggregatedRecord.fromObject(message)).finish();
    const out = new Uint8Array(AGGREGATE_FIXED_OVERHEAD + body.length);
    out.set(KPL_MAGIC, 0);
    out.set(body, KPL_MAGIC.length);
    out.set(md5(body), KPL_MAGIC.length + body.length);
    return out;
  }

  // Protobuf bytes that adding `r` costs: new table entries plus the Record message field.
  private growth(r: UserRecordEntry): number {
    let grow = 0;
    let pkIndex = this.pks.get(r.partitionKey);
    if (pkIndex === undefined) {
      pkIndex = this.pks.size;
      grow += delimited(utf8Length(r.partitionKey));
    }
    let inner = 1 + varintSize(pkIndex) + delimited(r.data.length);
    if (r.explicitHashKey !== undefined) {
      let ehkIndex = this.ehks.get(r.explicitHashKey);
      if (ehkIndex === undefined) {
        ehkIndex = this.ehks.size;
        grow += delimited(utf8Length(r.explicitHashKey));
      }
      inner += 1 + varintSize(ehkIndex);
    }
    return grow + delimited(inner);
  }
}

/** Aggregates user records into one KPL aggregated record (always the aggregated form). */
export function aggregate(records: readonly UserRecordEntry[]): Uint8Array {
  const a = new Aggregator();
  for (const r of records) a.add(r);
  return a.build();
}

/** Exact size in bytes of `aggregate(records)`. */
export function aggregatedSize(records: readonly UserRecordEntry[]): number {
  const a = new Aggregator();
  for (const r of records) a.add(r);
  return a.size;
}

/**
 * The user records inside a KPL aggregated record, or `undefined` when `data` is not one: no
 * magic, nothing after it beyond the digest, a digest mismatch, a protobuf that does not parse,
 * or a key index outside its table. The caller then treats `data` as one plain record, as the
 * KCL does (AggregatorUtil.deaggregate; spec §1.5).
 */
export function deaggregate(data: Uint8Array): UserRecordEntry[] | undefined {
  if (!hasKplMagic(data) || data.length <= KPL_MAGIC.length + DIGEST) return undefined;
  const body = data.subarray(KPL_MAGIC.length, data.length - DIGEST);
  const digest = md5(body);
  for (let i = 0; i < DIGEST; i++) if (digest[i] !== data[data.length - DIGEST + i]) return undefined;
  let message: WireAggregate;
  try {
    message = AggregatedRecord.toObject(AggregatedRecord.decode(body), { longs: Number, arrays: true }) as WireAggregate;
  } catch {
    return undefined;
  }
  const out: UserRecordEntry[] = [];
  for (const r of message.records) {
    const partitionKey = message.partition_key_table[r.partition_key_index];
    if (partitionKey === undefined) return undefined;
    let explicitHashKey: string | undefined;
    if (r.explicit_hash_key_index !== undefined && r.explicit_hash_key_index !== null) {
      explicitHashKey = message.explicit_hash_key_table[r.explicit_hash_key_index];
      if (explicitHashKey === undefined) return undefined;
    }
    out.push({ partitionKey, ...(explicitHashKey !== undefined ? { explicitHashKey } : {}), data: new Uint8Array(r.data) });
  }
  return out;
}
