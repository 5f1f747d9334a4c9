/**
 * Data generators driven by virtual time: `tick(now)` returns the records owed since the last
 * tick (see rates.ts), each rendered from a template with a seeded faker, with a partition key
 * from the generator's key strategy. The same seed and the same ticks give the same records.
 */
import { newRenderState, type RenderState } from './helpers.js';
import { keyPicker, type KeyPicker, type KeyStrategy } from './keys.js';
import { presets, type PresetName } from './presets.js';
import { cumulative, rateProblem, type RateShape } from './rates.js';
import { compileTemplate, type CompiledTemplate } from './template.js';

export interface GeneratorOptions {
  readonly id?: string;
  /** A record template; or use `preset`. */
  readonly template?: string;
  readonly preset?: PresetName;
  readonly rate: RateShape;
  /** Default: the preset's key, else a random UUID. */
  readonly key?: KeyStrategy;
  /** Seeds faker (default 1). */
  readonly seed?: number;
  /** Virtual time the rate starts from; default the first tick's `now`. */
  readonly startAt?: number;
  /** "Send N then stop": at most this many records in all. */
  readonly stopAfter?: number;
  /** Most records one tick returns; the rest stay owed for later ticks (default 100 000). */
  readonly maxPerTick?: number;
}

/** A record to send: Kinesis's PartitionKey and the record's text. */
export interface GeneratedRecord {
  readonly partitionKey: string;
  readonly data: string;
  /** Virtual time the record was made (spread evenly between ticks). */
  readonly at: number;
}

let nextId = 1;

export class Generator {
  readonly id: string;
  readonly rate: RateShape;
  readonly template: CompiledTemplate;
  private readonly keys: KeyPicker;
  private readonly state: RenderState;
  private startAt: number | undefined;
  private lastTick: number | undefined;
  private emitted = 0;
  private readonly stopAfter: number;
  private readonly maxPerTick: number;

  /** Throws TemplateError for a bad template, Error for a bad rate or options. */
  constructor(opts: GeneratorOptions) {
    const preset = opts.preset !== undefined ? presets[opts.preset] : undefined;
    if (opts.preset !== undefined && !preset) throw new Error(`Unknown preset "${opts.preset}".`);
    const source = opts.template ?? preset?.template;
    if (source === undefined) throw new Error('A generator needs a template or a preset.');
    const problem = rateProblem(opts.rate);
    if (problem) throw new Error(`Invalid ${opts.rate.kind} rate: ${problem}.`);
    this.id = opts.id ?? `generator-${nextId++}`;
    this.rate = opts.rate;
    this.template = compileTemplate(source);
    this.keys = keyPicker(opts.key ?? preset?.key ?? { kind: 'uuid' }, this.template.vars);
    this.state = newRenderState(opts.seed ?? 1);
    this.startAt = opts.startAt;
    this.stopAfter = opts.stopAfter ?? Infinity;
    this.maxPerTick = opts.maxPerTick ?? 100_000;
  }

  /** Records generated so far. */
  get sent(): number {
    return this.emitted;
  }

  /** True once `stopAfter` records were generated. */
  get done(): boolean {
    return this.emitted >= this.stopAfter;
  }

  /** Records whose key field was missing (a UUID was used instead). */
  get keyFallbacks(): number {
    return this.keys.fallbacks;
  }

  /** Records owed by `now` in all (before the stopAfter cap). */
  owedBy(now: number): number {
    if (this.startAt === undefined || now <= this.startAt) return 0;
    // The epsilon absorbs float error (10/s × 60 s must be 600, not 599.999…).
    return Math.floor(cumulative(this.rate, now - this.startAt) + 1e-9);
  }

  /** The records to send for the time since the last tick. */
  tick(now: number): GeneratedRecord[] {
    this.startAt ??= now;
    const from = Math.max(this.lastTick ?? this.startAt, this.startAt);
    this.lastTick = now;
    const due = Math.min(this.owedBy(now), this.stopAfter) - this.emitted;
    const n = Math.max(0, Math.min(due, this.maxPerTick));
    const out: GeneratedRecord[] = [];
    for (let i = 0; i < n; i++) {
      const at = n === 1 ? now : from + ((now - from) * (i + 1)) / n;
      this.state.now = at;
      this.state.faker.setDefaultRefDate(at);
      const data = this.template.render(this.state);
      out.push({ partitionKey: this.keys.pick(this.state, data), data, at });
    }
    this.emitted += n;
    return out;
  }
}

/** Several generators ticked together; records come tagged with their generator's id. */
export class GeneratorSet {
  private readonly generators = new Map<string, Generator>();

  add(g: Generator): Generator {
    if (this.generators.has(g.id)) throw new Error(`A generator named "${g.id}" already runs.`);
    this.generators.set(g.id, g);
    return g;
  }

  remove(id: string): boolean {
    return this.generators.delete(id);
  }

  list(): Generator[] {
    return [...this.generators.values()];
  }

  tick(now: number): (GeneratedRecord & { readonly generator: string })[] {
    const out: (GeneratedRecord & { generator: string })[] = [];
    for (const g of this.generators.values()) for (const r of g.tick(now)) out.push({ ...r, generator: g.id });
    return out;
  }
}
