/**
 * A data generator as a learner defines it: the spec (stream, template, rate shape, key
 * strategy, "send N then stop"), what is wrong with one, and the edit form's flat draft of it.
 */
import {
  compileTemplate, keyPicker, presets, rateProblem, TemplateError,
  type KeyStrategy, type PresetName, type RateShape,
} from '../../core/generator';

export const PRESET_LABELS: Readonly<Record<PresetName, string>> = {
  clickstream: 'Clickstream',
  iot: 'IoT sensors',
  apacheLog: 'Apache access log',
  stockTicker: 'Stock ticker',
};

/** Everything that defines one generator. */
export interface GeneratorSpec {
  readonly stream: string;
  /** The preset it was made from (a label only: the template may have been edited since). */
  readonly preset?: PresetName;
  readonly template: string;
  readonly rate: RateShape;
  readonly key: KeyStrategy;
  /** "Send N then stop"; undefined: until stopped. */
  readonly stopAfter?: number;
  /** Seeds the generator's faker (default 1). */
  readonly seed?: number;
}

/** What is wrong with a spec, for the form: the field, and for templates where. */
export interface SpecProblem {
  readonly field: 'stream' | 'template' | 'rate' | 'key' | 'stopAfter';
  readonly message: string;
  /** 1-based, for a template (or key template) error. */
  readonly line?: number;
  readonly column?: number;
}

/** A spec for `preset` into `stream`: the preset's template and key, 10 records/s, until stopped. */
export function presetSpec(preset: PresetName, stream: string, rate: RateShape = { kind: 'constant', perSecond: 10 }): GeneratorSpec {
  const p = presets[preset];
  return { stream, preset, template: p.template, rate, key: p.key };
}

/** Why `spec` cannot run (the first problem found), or undefined. */
export function specProblem(spec: GeneratorSpec): SpecProblem | undefined {
  if (spec.stream.trim() === '') return { field: 'stream', message: 'Choose a stream to send to.' };
  let vars: readonly string[];
  try {
    vars = compileTemplate(spec.template).vars;
  } catch (e) {
    return templateProblem('template', e);
  }
  const rate = rateProblem(spec.rate);
  if (rate) return { field: 'rate', message: `Invalid ${spec.rate.kind} rate: ${rate}.` };
  try {
    keyPicker(spec.key, vars);
  } catch (e) {
    return templateProblem('key', e);
  }
  if (spec.stopAfter !== undefined && !(Number.isInteger(spec.stopAfter) && spec.stopAfter >= 1)) {
    return { field: 'stopAfter', message: '"Send N then stop" needs a whole number of records ≥ 1.' };
  }
  return undefined;
}

function templateProblem(field: 'template' | 'key', e: unknown): SpecProblem {
  if (e instanceof TemplateError) return { field, message: e.message, line: e.line, column: e.column };
  return { field, message: e instanceof Error ? e.message : String(e) };
}

/**
 * The edit form's fields, flat (one per input, times in seconds as a learner types them);
 * `specOf` turns them into a spec, `draftOf` a spec into them.
 */
export interface GeneratorDraft {
  name: string;
  stream: string;
  preset: PresetName | '';
  template: string;
  rateKind: RateShape['kind'];
  perSecond: number;
  base: number;
  amplitude: number;
  periodSeconds: number;
  quietPerSecond: number;
  burstPerSecond: number;
  burstSeconds: number;
  everySeconds: number;
  keyKind: KeyStrategy['kind'];
  fixedKey: string;
  /** One key a line. */
  roundRobinKeys: string;
  keyTemplate: string;
  keyField: string;
  hotKey: string;
  hotPercent: number;
  limited: boolean;
  stopAfter: number;
}

export function draftOf(spec: GeneratorSpec, name = ''): GeneratorDraft {
  const r = spec.rate;
  const k = spec.key;
  return {
    name, stream: spec.stream, preset: spec.preset ?? '', template: spec.template, rateKind: r.kind,
    perSecond: r.kind === 'constant' ? r.perSecond : 10,
    base: r.kind === 'periodic' ? r.base : 10,
    amplitude: r.kind === 'periodic' ? r.amplitude : 0.5,
    periodSeconds: r.kind === 'periodic' ? (r.periodMs ?? 86_400_000) / 1000 : 60,
    quietPerSecond: r.kind === 'bursty' ? r.quietPerSecond : 5,
    burstPerSecond: r.kind === 'bursty' ? r.burstPerSecond : 500,
    burstSeconds: r.kind === 'bursty' ? r.burstMs / 1000 : 2,
    everySeconds: r.kind === 'bursty' ? r.everyMs / 1000 : 10,
    keyKind: k.kind,
    fixedKey: k.kind === 'fixed' ? k.key : 'key-1',
    roundRobinKeys: k.kind === 'roundRobin' ? k.keys.join('\n') : 'alpha\nbeta\ngamma',
    keyTemplate: k.kind === 'template' ? k.template : '{{random.number(1,10)}}',
    keyField: k.kind === 'field' ? k.field : 'id',
    hotKey: k.kind === 'hot' ? k.key : 'hot-key',
    hotPercent: k.kind === 'hot' ? k.percent : 80,
    limited: spec.stopAfter !== undefined,
    stopAfter: spec.stopAfter ?? 100,
  };
}

export function specOf(d: GeneratorDraft): GeneratorSpec {
  const rate: RateShape = d.rateKind === 'constant'
    ? { kind: 'constant', perSecond: Number(d.perSecond) }
    : d.rateKind === 'periodic'
      ? { kind: 'periodic', base: Number(d.base), amplitude: Number(d.amplitude), periodMs: Number(d.periodSeconds) * 1000 }
      : { kind: 'bursty', quietPerSecond: Number(d.quietPerSecond), burstPerSecond: Number(d.burstPerSecond), burstMs: Number(d.burstSeconds) * 1000, everyMs: Number(d.everySeconds) * 1000 };
  const key: KeyStrategy = ((): KeyStrategy => {
    switch (d.keyKind) {
      case 'uuid': return { kind: 'uuid' };
      case 'fixed': return { kind: 'fixed', key: d.fixedKey };
      case 'roundRobin': return { kind: 'roundRobin', keys: d.roundRobinKeys.split('\n').map((s) => s.trim()).filter((s) => s !== '') };
      case 'template': return { kind: 'template', template: d.keyTemplate };
      case 'field': return { kind: 'field', field: d.keyField.trim() };
      case 'hot': return { kind: 'hot', key: d.hotKey, percent: Number(d.hotPercent) };
    }
  })();
  return {
    stream: d.stream, template: d.template, rate, key,
    ...(d.preset !== '' ? { preset: d.preset } : {}),
    ...(d.limited ? { stopAfter: Number(d.stopAfter) } : {}),
  };
}
