/**
 * The living picture's model: listens to the simulation's events (never to engine internals)
 * and turns the selected stream's traffic into particles, keys in use (for the hash-key ruler),
 * the consumers seen and their iterator age, and the facts needed to follow one record.
 *
 * Particles and the record log are plain typed arrays and rings, mutated in place at event
 * rate; the few things Svelte shows as text (`version`, `selected`, `sampledEvery`) are state.
 */
import type { PutEvent, ReadEvent, SimEvent } from '../../core/observe/events';
import { compareSequenceNumbers, RecordLog, type RecordFact } from './recordLog';
import { colorIndex, type FlowLayout } from '../viz/flowLayout';
import { Kind, Particles, Sampler } from '../viz/particles';

/** Real ms a record takes from the producer to its lane, along the lane, and to a consumer. */
export const TRAVEL = { toShard: 700, alongLane: 1600, toConsumer: 900 } as const;
/** Above this many particles a second, records are sampled (and the picture says so). */
export const MAX_PARTICLES_PER_SECOND = 600;
export const PARTICLE_CAPACITY = 20_000;
const MAX_KEYS = 200;
const MAX_READS = 4000;
const VERSION_MS = 250;

export interface KeyUse {
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  count: number;
}

export interface ReaderInfo {
  readonly reader: string;
  lastT: number;
  iteratorAgeMs: number;
  records: number;
  readonly shards: Set<string>;
}

/** One GetRecords as the follow-a-record panel needs it. */
export interface ReadRecord {
  readonly reader: string;
  readonly shardId: string;
  readonly t: number;
  readonly first: string;
  readonly last: string;
}

export class FlowModel {
  /** Bumped (at most every VERSION_MS of real time) when keys, readers or reads changed: `$derived` readers refresh calmly, not at event rate. */
  version = $state(0);
  private versionAt = -Infinity;
  /** The record being followed. */
  selected = $state.raw<RecordFact | undefined>(undefined);
  /** 1 = every record drawn; k = one in k (the picture says so). */
  sampledEvery = $state(1);

  readonly particles = new Particles(PARTICLE_CAPACITY);
  readonly records = new RecordLog(PARTICLE_CAPACITY);
  readonly keys = new Map<string, KeyUse>();
  readonly readers = new Map<string, ReaderInfo>();
  /** KPL aggregated records stored on this stream, and the user records packed in them (the picture's legend). */
  readonly packed = { kinesis: 0, user: 0 };
  /** Real time (performance.now) of each shard's last throttled record, for the lane flash. */
  readonly throttledAt = new Map<string, number>();
  private sampler = new Sampler(MAX_PARTICLES_PER_SECOND);
  private reads: ReadRecord[] = [];
  private layout: FlowLayout | undefined;
  private streamName: string | undefined;
  private random = mulberry(7);
  /** The picture's consumer node for a read event's `reader` (a consumer application groups its chains). */
  private nodeOf: (reader: string, shardId: string) => string = (r) => r;
  /** Virtual time of the newest event seen (ticks included). */
  private lastT = 0;

  constructor(private readonly realNow: () => number = () => performance.now()) {}

  /** Follows one stream (the selected one); forgets the previous one's picture. */
  setStream(name: string | undefined): void {
    if (name === this.streamName) return;
    this.streamName = name;
    this.particles.clear();
    this.keys.clear();
    this.readers.clear();
    this.throttledAt.clear();
    this.packed.kinesis = this.packed.user = 0;
    this.reads = [];
    this.selected = undefined;
    this.random = mulberry(7); // the same jitter for the same traffic: screenshots repeat
    this.version++;
  }

  get stream(): string | undefined {
    return this.streamName;
  }

  /**
   * How many particles a second may start before records are sampled (default
   * MAX_PARTICLES_PER_SECOND); benchmarks raise it to put thousands of particles on screen.
   */
  setParticleBudget(perSecond: number): void {
    this.sampler = new Sampler(Math.max(1, perSecond));
  }

  /** The canvas's current geometry; particles already flying keep their paths. */
  setLayout(layout: FlowLayout): void {
    this.layout = layout;
  }

  /** Names the consumer node each reader's particles fly to (default: the reader's own node). */
  setReaderGroups(nodeOf: (reader: string, shardId: string) => string): void {
    this.nodeOf = nodeOf;
  }

  /** Readers seen reading within the last `idleMs` of virtual time (the picture drops ones gone quiet). */
  activeReaders(idleMs = 15_000): ReaderInfo[] {
    return [...this.readers.values()].filter((r) => r.lastT >= this.lastT - idleMs);
  }

  /** The listener to give `host.observe`. */
  readonly onEvent = (e: SimEvent): void => {
    if (e.t > this.lastT) this.lastT = e.t;
    if (e.type === 'tick' || !('stream' in e) || e.stream !== this.streamName) return;
    if (e.type === 'put') this.onPut(e);
    else if (e.type === 'read') this.onRead(e);
  };

  private onPut(e: PutEvent): void {
    const now = this.realNow();
    for (const r of e.accepted) {
      this.countKey(r.partitionKey, r.explicitHashKey);
      if (r.userRecords !== undefined) {
        this.packed.kinesis++;
        this.packed.user += r.userRecords;
      }
    }
    for (const r of e.throttled) this.countKey(r.partitionKey, r.explicitHashKey);
    if (e.throttled.length) this.throttledAt.set(e.shardId, now);
    const lane = this.layout?.lane(e.shardId);
    const p = this.layout?.producer;
    const n = e.accepted.length + e.throttled.length;
    let spawn = this.sampler.take(n, now);
    this.sampledEvery = this.sampler.every;
    if (lane && p && spawn > 0) {
      const stride = n / spawn;
      for (let k = 0; spawn > 0 && k < n; k += stride, spawn--) {
        const i = Math.floor(k);
        const jitter = (this.random() - 0.5) * lane.h * 0.7;
        if (i < e.accepted.length) {
          const r = e.accepted[i]!;
          const ref = this.records.add({ stream: e.stream, shardId: e.shardId, partitionKey: r.partitionKey, sequenceNumber: r.sequenceNumber, t: e.t, bytes: r.bytes,
            ...(r.explicitHashKey !== undefined ? { explicitHashKey: r.explicitHashKey } : {}), ...(r.userRecords !== undefined ? { userRecords: r.userRecords } : {}) });
          this.particles.spawn({
            // An aggregate's partition key is always "a": its hash key (the first user record's) tells them apart.
            kind: r.userRecords !== undefined ? Kind.packed : Kind.write, color: colorIndex(r.userRecords !== undefined ? (r.explicitHashKey ?? r.partitionKey) : r.partitionKey), ref,
            first: { x0: p.x, y0: p.y, x1: lane.x0, y1: lane.y + jitter, ms: TRAVEL.toShard },
            second: { x0: lane.x0, y0: lane.y + jitter, x1: lane.x1, y1: lane.y + jitter, ms: TRAVEL.alongLane },
          });
        } else {
          const r = e.throttled[i - e.accepted.length]!;
          this.particles.spawn({
            kind: Kind.bounce, color: colorIndex(r.partitionKey), ref: -1,
            first: { x0: p.x, y0: p.y, x1: lane.x0, y1: lane.y + jitter, ms: TRAVEL.toShard },
            second: { x0: lane.x0, y0: lane.y + jitter, x1: p.x, y1: p.y + jitter * 2, ms: TRAVEL.toShard },
          });
        }
      }
    }
    this.touch(now);
  }

  private onRead(e: ReadEvent): void {
    let info = this.readers.get(e.reader);
    if (!info) this.readers.set(e.reader, (info = { reader: e.reader, lastT: e.t, iteratorAgeMs: e.iteratorAgeMs, records: 0, shards: new Set() }));
    info.lastT = e.t;
    info.iteratorAgeMs = e.iteratorAgeMs;
    info.records += e.records;
    info.shards.add(e.shardId);
    if (e.firstSequenceNumber && e.lastSequenceNumber) {
      this.reads.push({ reader: e.reader, shardId: e.shardId, t: e.t, first: e.firstSequenceNumber, last: e.lastSequenceNumber });
      if (this.reads.length > MAX_READS) this.reads = this.reads.slice(-MAX_READS / 2);
    }
    const lane = this.layout?.lane(e.shardId);
    const node = this.nodeOf(e.reader, e.shardId);
    const c = this.layout?.consumer(node);
    const via = this.layout?.via(node);
    let spawn = Math.min(e.records, this.sampler.take(e.records, this.realNow()));
    if (lane && c && via) {
      // Out of the lane's end, into the consumer's pipe (the shared hub, or its own), to the consumer.
      const half = TRAVEL.toConsumer / 2;
      for (; spawn > 0; spawn--) {
        const jitter = (this.random() - 0.5) * lane.h * 0.7;
        this.particles.spawn({
          kind: Kind.read, color: 0, ref: -1,
          first: { x0: lane.x1, y0: lane.y + jitter, x1: via.x, y1: via.y, ms: half },
          second: { x0: via.x, y0: via.y, x1: c.x, y1: c.y, ms: half },
        });
      }
    }
    this.touch(this.realNow());
  }

  private touch(now: number): void {
    if (now - this.versionAt < VERSION_MS) {
      // A trailing bump, so the last change of a burst is shown too.
      this.trailing ??= setTimeout(() => {
        this.trailing = undefined;
        this.versionAt = this.realNow();
        this.version++;
      }, VERSION_MS);
      return;
    }
    this.versionAt = now;
    this.version++;
  }
  private trailing: ReturnType<typeof setTimeout> | undefined;

  /** Keys are told apart by partition key and explicit hash key (the KPL sends every aggregate as "a" with its own hash key). */
  private countKey(partitionKey: string, explicitHashKey: string | undefined): void {
    const id = explicitHashKey === undefined ? partitionKey : `${partitionKey}\u0000${explicitHashKey}`;
    const k = this.keys.get(id);
    if (k) {
      k.count++;
      return;
    }
    if (this.keys.size >= MAX_KEYS) {
      // Keep the ruler readable: forget the least used key.
      let least: KeyUse | undefined;
      for (const v of this.keys.values()) if (!least || v.count < least.count) least = v;
      if (least) this.keys.delete(least.explicitHashKey === undefined ? least.partitionKey : `${least.partitionKey}\u0000${least.explicitHashKey}`);
    }
    this.keys.set(id, explicitHashKey === undefined ? { partitionKey, count: 1 } : { partitionKey, explicitHashKey, count: 1 });
  }

  /** Follows the record behind a particle slot (from a click); false when it has none. */
  selectParticle(slot: number): boolean {
    const fact = slot >= 0 ? this.records.get(this.particles.ref[slot]!) : undefined;
    if (fact) this.selected = fact;
    return fact !== undefined;
  }

  /** Follows the newest record seen (keyboard users' way to pick one). */
  selectNewest(): boolean {
    const fact = this.records.newest();
    if (fact) this.selected = fact;
    return fact !== undefined;
  }

  /** Follows a record known by its facts (from the record browser). */
  selectRecord(fact: RecordFact): void {
    this.selected = fact;
  }

  /** Every GetRecords that returned `fact`'s record: who read it and when. */
  readsOf(fact: RecordFact): ReadRecord[] {
    return this.reads.filter((r) => r.shardId === fact.shardId &&
      compareSequenceNumbers(r.first, fact.sequenceNumber) <= 0 && compareSequenceNumbers(fact.sequenceNumber, r.last) <= 0);
  }
}

/** A tiny seeded generator for jitter (the picture's randomness is cosmetic but repeatable). */
function mulberry(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
