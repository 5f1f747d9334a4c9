/**
 * The producer panel's engine: sends records with PutRecords at a rate per *virtual* second.
 * A short real-time timer asks the Pacer how many records are due since the last tick, and sends
 * them in requests of at most 500 entries, with at most `MAX_IN_FLIGHT` requests outstanding —
 * so the tab never freezes; when the cap is hit the producer falls behind and says so.
 * Throttled entries (FailedRecordCount) are counted and dropped, not retried: real producers
 * decide that themselves (the KPL retries, a plain SDK loop often does not).
 */
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { SimulationHost } from '../../broker/host';
import { createRandom, type Random } from '../../core/sim/random';
import { errorName, errorText } from './errors';
import { keyStrategyError, makeKeyPicker, parseKeyList, type KeyStrategy, type KeyStrategyKind } from './keys';
import type { Messages } from './messages.svelte';
import { Pacer } from './pacer';
import {
  DEFAULT_TEMPLATE, entriesPerRequest, fitToSize, jsonProblem, renderTemplate, splitIntoRequests, unknownPlaceholders, type SizedEntry,
} from './payload';

export const MAX_IN_FLIGHT = 4;
export const MAX_RATE = 50_000;
export const MAX_RECORD_SIZE = 1_000_000;
const TICK_MS = 50;
/** Errors after which sending on makes no sense (the stream is gone, or the request is wrong). */
const FATAL = new Set(['ResourceNotFoundException', 'ValidationException', 'InvalidArgumentException', 'AccessDeniedException']);

export interface ProducerStats {
  /** Entries sent in PutRecords requests. */
  readonly sent: number;
  /** Entries AWS stored (a sequence number came back). */
  readonly acked: number;
  /** Entries answered ProvisionedThroughputExceededException — dropped. */
  readonly throttled: number;
  /** Entries failed with another error code (InternalFailure…). */
  readonly failed: number;
  /** Whole requests that failed (their entries count neither as acked nor throttled). */
  readonly requestErrors: number;
  /** Records due but never sent: the producer fell behind (too many requests in flight). */
  readonly dropped: number;
  readonly inFlight: number;
  /** Records due and waiting for a free request slot. */
  readonly backlog: number;
  /** The last throttling message from AWS. */
  readonly lastThrottle?: string;
  readonly lastFailure?: string;
}

const ZERO: ProducerStats = { sent: 0, acked: 0, throttled: 0, failed: 0, requestErrors: 0, dropped: 0, inFlight: 0, backlog: 0 };

type Counters = { -readonly [K in keyof ProducerStats]: ProducerStats[K] };

export class Producer {
  rate = $state(200);
  /** Bytes per record; 0 = the filled-in template exactly. */
  size = $state(0);
  keyKind = $state<KeyStrategyKind>('random');
  fewCount = $state(5);
  hotKey = $state('hot-key');
  hotPercent = $state(80);
  keyListText = $state('alpha\nbeta\ngamma\ndelta');
  template = $state(DEFAULT_TEMPLATE);

  running = $state(false);
  /** The stream the running (or last) producer writes to. */
  stream = $state<string | undefined>(undefined);
  stats = $state.raw<ProducerStats>(ZERO);

  strategy = $derived.by((): KeyStrategy => {
    switch (this.keyKind) {
      case 'random': return { kind: 'random' };
      case 'few': return { kind: 'few', count: this.fewCount };
      case 'hot': return { kind: 'hot', hotKey: this.hotKey, hotPercent: this.hotPercent };
      case 'list': return { kind: 'list', keys: parseKeyList(this.keyListText) };
    }
  });
  keyError = $derived(keyStrategyError(this.strategy));
  rateError = $derived(Number.isFinite(this.rate) && this.rate >= 0.1 && this.rate <= MAX_RATE ? undefined : `Records per second: 0.1 to ${MAX_RATE.toLocaleString('en-US')}.`);
  sizeError = $derived(Number.isInteger(this.size) && this.size >= 0 && this.size <= MAX_RECORD_SIZE ? undefined : `Record size: a whole number of bytes, 0 to ${MAX_RECORD_SIZE.toLocaleString('en-US')}.`);
  /** The first record as it would be sent (at a fixed time: for sizes and the JSON check). */
  preview = $derived(this.previewAt(Date.UTC(2026, 0, 1)));
  templateWarning = $derived.by(() => {
    const unknown = unknownPlaceholders(this.template);
    if (unknown.length > 0) return `Unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')} — sent as written.`;
    const p = jsonProblem(this.preview.text);
    return p === undefined ? undefined : `Not valid JSON (${p}) — records are sent as this text anyway.`;
  });
  problem = $derived(this.rateError ?? this.sizeError ?? this.keyError);

  private counters: Counters = { ...ZERO };
  private timer: ReturnType<typeof setInterval> | undefined;
  private pacer: Pacer | undefined;
  private random: Random = createRandom(1);
  private picker: (() => string) | undefined;
  private pickerFor: KeyStrategy | undefined;
  private seq = 0;
  private pacedRate = 0;

  constructor(private readonly host: SimulationHost, private readonly messages: Messages) {}

  /** The first record as it would be sent at virtual time `now`. */
  previewAt(now: number): { text: string; bytes: number; cut: boolean; padded: boolean } {
    const random = createRandom(1);
    const key = this.keyError ? 'key' : makeKeyPicker(this.strategy, random)();
    const text = renderTemplate(this.template, { seq: 1, key, now: Number.isFinite(now) ? now : 0, random });
    const bytes = fitToSize(text, this.size);
    const textBytes = new TextEncoder().encode(text).length;
    return { text, bytes: bytes.length, cut: this.size > 0 && textBytes > this.size, padded: this.size > 0 && textBytes < this.size };
  }

  start(stream: string): void {
    if (this.running) return;
    if (this.problem) {
      this.messages.push('error', 'Producer', this.problem);
      return;
    }
    this.stream = stream;
    this.counters = { ...ZERO };
    this.random = createRandom(1);
    this.picker = undefined;
    this.pickerFor = undefined;
    this.seq = 0;
    this.pacedRate = this.rate;
    this.pacer = new Pacer(this.rate, this.host.clock.now());
    this.running = true;
    this.publish();
    this.timer = setInterval(() => this.tick(), TICK_MS);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.running = false;
    this.counters.backlog = 0;
    this.publish();
  }

  private tick(): void {
    const stream = this.stream;
    const pacer = this.pacer;
    if (!this.running || stream === undefined || !pacer) return;
    try {
      // A paused clock stops the producer outright: records that were due but waiting for a free
      // request slot stay waiting (a learner who pauses expects nothing more to be sent).
      if (this.host.clock.paused) return;
      const now = this.host.clock.now();
      // Settings apply live, but only valid ones: an invalid edit keeps the last good value.
      if (this.rate !== this.pacedRate && this.rateError === undefined) {
        pacer.setRate(this.rate, now);
        this.pacedRate = this.rate;
      }
      if (this.strategy !== this.pickerFor && this.keyError === undefined) {
        this.picker = makeKeyPicker(this.strategy, this.random);
        this.pickerFor = this.strategy;
      }
      const size = this.sizeError === undefined ? this.size : 0;
      const perRequest = entriesPerRequest((size > 0 ? size : this.preview.bytes) + 64);
      const c = this.counters;
      const t = pacer.tick(now, c.inFlight, {
        maxInFlight: MAX_IN_FLIGHT,
        perRequest,
        // Up to two virtual seconds of records may wait for a free slot; beyond that they are dropped.
        maxBacklog: Math.max(perRequest * MAX_IN_FLIGHT, Math.ceil(this.pacedRate * 2)),
      });
      c.dropped += t.dropped;
      c.backlog = t.backlog;
      if (t.send > 0 && this.picker) {
        const entries: SizedEntry[] = [];
        for (let i = 0; i < t.send; i++) {
          const key = this.picker();
          const text = renderTemplate(this.template, { seq: ++this.seq, key, now, random: this.random });
          entries.push({ Data: fitToSize(text, size), PartitionKey: key });
        }
        for (const req of splitIntoRequests(entries)) void this.send(stream, req, c);
      }
      this.publish();
    } catch (e) {
      this.messages.error('Producer', e);
      this.stop();
    }
  }

  private async send(stream: string, entries: SizedEntry[], c: Counters): Promise<void> {
    c.inFlight++;
    c.sent += entries.length;
    try {
      const out = await this.host.kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: entries }));
      for (const r of out.Records ?? []) {
        if (!r.ErrorCode) c.acked++;
        else if (r.ErrorCode === 'ProvisionedThroughputExceededException') {
          c.throttled++;
          c.lastThrottle = `${r.ErrorCode}: ${r.ErrorMessage ?? ''}`;
        } else {
          c.failed++;
          c.lastFailure = `${r.ErrorCode}: ${r.ErrorMessage ?? ''}`;
        }
      }
    } catch (e) {
      c.requestErrors++;
      c.lastFailure = errorText(e);
      if (c === this.counters) {
        this.messages.error(`Producer → ${stream}: PutRecords`, e);
        if (FATAL.has(errorName(e)) && this.running) this.stop();
      }
    } finally {
      c.inFlight--;
      if (c === this.counters && !this.running) this.publish();
    }
  }

  private publish(): void {
    const c = this.counters;
    const s = this.stats;
    const same = (Object.keys(c) as (keyof Counters)[]).every((k) => c[k] === s[k]) && Object.keys(s).length === Object.keys(c).length;
    if (!same) this.stats = { ...c };
  }
}
