/**
 * The data generator panel's engine (Kinesis Data Generator, in the simulator): generators a
 * learner adds — from a preset or a template of their own — each with a target stream, a rate
 * shape, "send N then stop" and a partition-key strategy, started and stopped one by one.
 *
 * A real-time timer (every `tickMs`, 200 ms by default) ticks the running generators with the
 * *virtual* time `host.clock.now()` and sends what they owe with PutRecords, ≤ 500 entries per
 * request per stream, through the page's AWS SDK client. While the clock is paused virtual time
 * stands still, so the timer does nothing (a tick at an unchanged time is skipped); a manual
 * step moves time and the next tick sends what the step made due.
 *
 * Throttled entries (ProvisionedThroughputExceededException in a PutRecords result) are counted
 * and dropped, NOT retried — as the Kinesis Data Generator does: it fires PutRecords and only
 * counts the failures. (The KPL panel shows the other way: retry until RecordTtl.)
 *
 * When too many requests are in flight the tick is skipped: the generators keep what they owe
 * (their rate is integrated over virtual time) and send it at a later tick, so nothing is lost.
 */
import { PutRecordsCommand } from '@aws-sdk/client-kinesis';
import type { SimulationHost } from '../../broker/host';
import { Generator, GeneratorSet, rateAt, type GeneratedRecord, type PresetName, type RateShape } from '../../core/generator';
import { presetSpec, specProblem, type GeneratorSpec, type SpecProblem } from './generatorSpec';
import { errorName, errorText } from './errors';
import type { Messages } from './messages.svelte';

/** Entries per PutRecords request (the Kinesis limit). */
export const PUT_RECORDS_MAX = 500;
/** PutRecords requests in flight, over all generators; beyond that a tick is skipped. */
export const MAX_IN_FLIGHT = 8;
/** Records one generator makes in one tick at most (the rest stays owed). */
export const MAX_PER_TICK = 2_000;
/** Records kept per generator for the "last records" sample. */
export const SAMPLE_SIZE = 5;
const THROTTLED = 'ProvisionedThroughputExceededException';
/** Errors after which sending on makes no sense: the generator stops and says why. */
const FATAL = new Set(['ResourceNotFoundException', 'ValidationException', 'InvalidArgumentException', 'AccessDeniedException', 'ResourceInUseException']);

export type GeneratorStatus = 'stopped' | 'running' | 'done' | 'failed';

/** A plain snapshot of one generator for the UI (replaced at every tick, never mutated). */
export interface GeneratorView {
  readonly id: string;
  readonly name: string;
  readonly spec: GeneratorSpec;
  readonly status: GeneratorStatus;
  /** Records made (and sent in a PutRecords request) since it was (re)started from zero. */
  readonly generated: number;
  /** Records Kinesis stored (a sequence number came back). */
  readonly sent: number;
  /** Records refused with ProvisionedThroughputExceededException — dropped, not retried. */
  readonly throttled: number;
  /** Records refused otherwise (another error code, or their whole request failed). */
  readonly failed: number;
  /** The rate shape's value now (records per virtual second); 0 when not running. */
  readonly ratePerSecond: number;
  /** Records whose key field was missing (a UUID was used instead). */
  readonly keyFallbacks: number;
  /** The last failure, AWS's words (`ResourceNotFoundException: …`). */
  readonly error?: string;
  /** The last records made, newest last. */
  readonly sample: readonly GeneratedRecord[];
}

export interface GeneratorLabOptions {
  /** Real ms between timer ticks, 100–250 (default 200). */
  readonly tickMs?: number;
  /** Start the real-time timer when a generator starts (default true; tests drive `tick(now)` themselves). */
  readonly autoTick?: boolean;
}

interface Entry {
  readonly id: string;
  /** How many times its counts were reset (a done or failed generator started again). */
  resets?: number;
  name: string;
  spec: GeneratorSpec;
  status: GeneratorStatus;
  /** The running Generator (rebuilt at every start and edit). */
  gen?: Generator;
  /** Virtual time the running Generator's rate started. */
  startAt: number;
  /** Generated before the running Generator was built (stopAfter counts across restarts). */
  before: number;
  runs: number;
  sent: number;
  throttled: number;
  failed: number;
  fallbacks: number;
  error?: string;
  sample: GeneratedRecord[];
}

type Tagged = GeneratedRecord & { readonly generator: string };

export class GeneratorLab {
  generators = $state.raw<readonly GeneratorView[]>([]);
  /** Ticks skipped because MAX_IN_FLIGHT requests were outstanding (the simulation is slower than the rate). */
  skippedTicks = $state(0);

  private readonly entries = new Map<string, Entry>();
  private readonly set = new GeneratorSet();
  private readonly tickMs: number;
  private readonly autoTick: boolean;
  private timer: ReturnType<typeof setInterval> | undefined;
  private lastNow: number | undefined;
  private inFlight = 0;
  private readonly pending = new Set<Promise<void>>();
  private nextId = 1;
  private readonly encoder = new TextEncoder();

  constructor(private readonly host: SimulationHost, private readonly messages?: Messages, options: GeneratorLabOptions = {}) {
    const tickMs = options.tickMs ?? 200;
    if (!(tickMs >= 100 && tickMs <= 250)) throw new RangeError(`tickMs must be between 100 and 250 real ms, got ${tickMs}`);
    this.tickMs = tickMs;
    this.autoTick = options.autoTick ?? true;
  }

  /** Adds a stopped generator; returns its view, or the spec's problem. */
  add(spec: GeneratorSpec, name?: string): { ok: true; view: GeneratorView } | { ok: false; problem: SpecProblem } {
    const problem = specProblem(spec);
    if (problem) return { ok: false, problem };
    const id = `gen-${this.nextId}`;
    const entry: Entry = {
      id, name: name?.trim() || `${spec.preset ?? 'custom'}-${this.nextId}`, spec, status: 'stopped', startAt: 0, before: 0, runs: 0,
      sent: 0, throttled: 0, failed: 0, fallbacks: 0, sample: [],
    };
    this.nextId++;
    this.entries.set(id, entry);
    this.publish();
    return { ok: true, view: this.view(entry) };
  }

  /** One click: a preset generator into `stream`, started at once. */
  addPreset(preset: PresetName, stream: string, rate?: RateShape): GeneratorView | undefined {
    const added = this.add(presetSpec(preset, stream, rate));
    if (!added.ok) {
      this.messages?.push('error', 'Add generator', added.problem.message);
      return undefined;
    }
    this.start(added.view.id);
    return this.get(added.view.id);
  }

  /** Replaces a generator's spec (and name); a running one goes on with the new spec, its counts kept. */
  update(id: string, spec: GeneratorSpec, name?: string): SpecProblem | undefined {
    const e = this.entries.get(id);
    if (!e) return { field: 'stream', message: `No generator ${id}.` };
    const problem = specProblem(spec);
    if (problem) return problem;
    const running = e.status === 'running';
    if (running) this.halt(e, 'stopped');
    e.spec = spec;
    if (name?.trim()) e.name = name.trim();
    if (running) this.start(id);
    else this.publish();
    return undefined;
  }

  /** Starts (or restarts) a generator; one that was done (or failed) starts again from zero. */
  start(id: string): void {
    const e = this.entries.get(id);
    if (!e || e.status === 'running') return;
    if (e.status === 'done' || e.status === 'failed') {
      Object.assign(e, { before: 0, sent: 0, throttled: 0, failed: 0, fallbacks: 0, sample: [] });
      e.resets = (e.resets ?? 0) + 1; // answers to the last run's requests no longer count
      delete e.error;
    }
    const remaining = e.spec.stopAfter !== undefined ? e.spec.stopAfter - e.before : undefined;
    e.startAt = this.host.clock.now();
    // A fresh Generator per run starts its rate now (no burst for the time it was stopped);
    // a new seed per run gives new records rather than the first run's again.
    e.gen = new Generator({
      id: e.id, template: e.spec.template, rate: e.spec.rate, key: e.spec.key, seed: (e.spec.seed ?? 1) + e.runs,
      startAt: e.startAt, maxPerTick: MAX_PER_TICK, ...(remaining !== undefined ? { stopAfter: remaining } : {}),
    });
    e.runs++;
    e.status = 'running';
    this.set.add(e.gen);
    if (this.autoTick) this.timer ??= setInterval(() => this.onTimer(), this.tickMs);
    this.publish();
  }

  stop(id: string): void {
    const e = this.entries.get(id);
    if (e?.status === 'running') this.halt(e, 'stopped');
    this.publish();
  }

  remove(id: string): void {
    const e = this.entries.get(id);
    if (!e) return;
    if (e.status === 'running') this.halt(e, 'stopped');
    this.entries.delete(id);
    this.publish();
  }

  get(id: string): GeneratorView | undefined {
    const e = this.entries.get(id);
    return e ? this.view(e) : undefined;
  }

  /**
   * Ticks every running generator at virtual time `now` and sends what they owe; resolves when
   * those PutRecords requests are answered (and counted).
   */
  async tick(now: number): Promise<void> {
    this.lastNow = now;
    if (this.inFlight >= MAX_IN_FLIGHT) {
      this.skippedTicks++;
      return;
    }
    const made = this.set.tick(now);
    const byStream = new Map<string, Tagged[]>();
    for (const r of made) {
      const e = this.entries.get(r.generator);
      if (!e) continue;
      e.sample.push(r);
      if (e.sample.length > SAMPLE_SIZE) e.sample.splice(0, e.sample.length - SAMPLE_SIZE);
      const list = byStream.get(e.spec.stream) ?? [];
      list.push(r);
      byStream.set(e.spec.stream, list);
    }
    for (const e of this.entries.values()) {
      if (e.status !== 'running' || !e.gen) continue;
      e.fallbacks = e.gen.keyFallbacks;
      if (e.gen.done) this.halt(e, 'done');
    }
    const sends: Promise<void>[] = [];
    for (const [stream, records] of byStream) {
      for (let i = 0; i < records.length; i += PUT_RECORDS_MAX) sends.push(this.track(this.put(stream, records.slice(i, i + PUT_RECORDS_MAX))));
    }
    this.publish();
    if (sends.length === 0) return;
    await Promise.all(sends);
    this.publish();
  }

  /** Resolves when no PutRecords request is in flight. */
  async idle(): Promise<void> {
    while (this.pending.size > 0) await Promise.all([...this.pending]);
  }

  /** Stops every generator and the timer. */
  dispose(): void {
    for (const e of this.entries.values()) if (e.status === 'running') this.halt(e, 'stopped');
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
    this.publish();
  }

  private onTimer(): void {
    const now = this.host.clock.now();
    // Paused: virtual time does not move, and there is nothing to do.
    if (now === this.lastNow) return;
    if (![...this.entries.values()].some((e) => e.status === 'running')) {
      // Nothing runs: let the page idle until a generator starts again.
      if (this.pending.size === 0 && this.timer !== undefined) {
        clearInterval(this.timer);
        this.timer = undefined;
      }
      return;
    }
    void this.tick(now);
  }

  private track(p: Promise<void>): Promise<void> {
    this.inFlight++;
    const done = p.finally(() => {
      this.inFlight--;
      this.pending.delete(done);
    });
    this.pending.add(done);
    return done;
  }

  private async put(stream: string, records: readonly Tagged[]): Promise<void> {
    // The counts this request adds to: a generator started again from zero since is not them.
    const resets = new Map(records.map((r) => [r.generator, this.entries.get(r.generator)?.resets ?? 0]));
    const entry = (id: string): Entry | undefined => {
      const e = this.entries.get(id);
      return e && (e.resets ?? 0) === resets.get(id) ? e : undefined;
    };
    try {
      const out = await this.host.kinesis.send(new PutRecordsCommand({
        StreamName: stream,
        Records: records.map((r) => ({ Data: this.encoder.encode(r.data), PartitionKey: r.partitionKey })),
      }));
      (out.Records ?? []).forEach((res, i) => {
        const e = entry(records[i]!.generator);
        if (!e) return;
        if (res.SequenceNumber !== undefined) e.sent++;
        else if (res.ErrorCode === THROTTLED) e.throttled++;
        else {
          e.failed++;
          e.error = `${res.ErrorCode ?? 'Error'}: ${res.ErrorMessage ?? ''}`;
        }
      });
    } catch (err) {
      const fatal = FATAL.has(errorName(err));
      const ids = new Set(records.map((r) => r.generator));
      for (const id of ids) {
        const e = entry(id);
        if (!e) continue;
        e.failed += records.filter((r) => r.generator === id).length;
        e.error = errorText(err);
        if (fatal && e.status === 'running') this.halt(e, 'failed');
        this.messages?.error(`Generator ${e.name} → ${stream}`, err);
      }
    }
  }

  private halt(e: Entry, status: GeneratorStatus): void {
    if (e.gen) {
      this.set.remove(e.id);
      e.before += e.gen.sent;
      e.fallbacks = e.gen.keyFallbacks;
      delete e.gen;
    }
    e.status = status;
  }

  private view(e: Entry): GeneratorView {
    const running = e.status === 'running';
    const now = this.lastNow ?? this.host.clock.now();
    return {
      id: e.id, name: e.name, spec: e.spec, status: e.status,
      generated: e.before + (e.gen?.sent ?? 0), sent: e.sent, throttled: e.throttled, failed: e.failed,
      ratePerSecond: running ? rateAt(e.spec.rate, Math.max(0, now - e.startAt)) : 0,
      keyFallbacks: e.fallbacks, sample: [...e.sample],
      ...(e.error !== undefined ? { error: e.error } : {}),
    };
  }

  private publish(): void {
    this.generators = [...this.entries.values()].map((e) => this.view(e));
  }
}
