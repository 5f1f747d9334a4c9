/**
 * The facts of recently seen records, for "follow one record": a fixed-size ring addressed by a
 * growing id, so a particle can keep a plain number and the fact is gone once overwritten.
 */

export interface RecordFact {
  readonly stream: string;
  readonly shardId: string;
  readonly partitionKey: string;
  readonly explicitHashKey?: string;
  readonly sequenceNumber: string;
  /** ApproximateArrivalTimestamp, virtual epoch ms. */
  readonly t: number;
  /** Data + partition key bytes. */
  readonly bytes: number;
  /** A KPL aggregated record: the user records packed in it. */
  readonly userRecords?: number;
}

export class RecordLog {
  private readonly slots: (RecordFact | undefined)[];
  private readonly ids: Float64Array;
  private nextId = 0;

  constructor(readonly capacity: number) {
    this.slots = new Array<RecordFact | undefined>(capacity);
    this.ids = new Float64Array(capacity).fill(-1);
  }

  /** Stores a fact; returns its id. */
  add(fact: RecordFact): number {
    const id = this.nextId++;
    const slot = id % this.capacity;
    this.slots[slot] = fact;
    this.ids[slot] = id;
    return id;
  }

  /** The last fact added. */
  newest(): RecordFact | undefined {
    return this.nextId > 0 ? this.get(this.nextId - 1) : undefined;
  }

  /** The fact with this id, unless it was overwritten since. */
  get(id: number): RecordFact | undefined {
    if (id < 0) return undefined;
    const slot = id % this.capacity;
    return this.ids[slot] === id ? this.slots[slot] : undefined;
  }
}

/**
 * Orders two decimal sequence numbers numerically (they are strings of up to 129 digits; real
 * ones all have 56, but nothing promises that).
 */
export function compareSequenceNumbers(a: string, b: string): number {
  if (a.length !== b.length) return a.length - b.length;
  return a < b ? -1 : a > b ? 1 : 0;
}
