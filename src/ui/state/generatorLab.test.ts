/**
 * The data generator lab against an in-memory simulation on a manual clock, through the real AWS
 * SDK client: rate × virtual time records arrive (read back with GetRecords), "send N then stop",
 * template errors with their position, key strategies, throttled records counted and not retried,
 * and the real-time timer (nothing while paused).
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryHost } from '../../broker/memoryHost';
import type { SimulationHost } from '../../broker/host';
import { GeneratorLab } from './generatorLab.svelte';
import { draftOf, presetSpec, specOf, specProblem, type GeneratorSpec } from './generatorSpec';
import { Messages } from './messages.svelte';
import { activeStream, readAll } from './hostTesting';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

function setup(clock: 'manual' | 'realtime' = 'manual', autoTick = false) {
  const host = createMemoryHost({ clock });
  const messages = new Messages();
  const lab = new GeneratorLab(host, messages, { autoTick, tickMs: 100 });
  cleanups.push(async () => { lab.dispose(); await host.close(); });
  return { host, lab, messages };
}



/** Steps the manual clock `ms` in `step` slices, ticking the lab after each. */
async function run(host: SimulationHost, lab: GeneratorLab, ms: number, step = 100): Promise<void> {
  for (let t = 0; t < ms; t += step) {
    host.clock.step(step);
    await lab.tick(host.clock.now());
  }
  await lab.idle();
}

const decoder = new TextDecoder();
const constant = (perSecond: number) => ({ kind: 'constant', perSecond }) as const;

describe('GeneratorLab', () => {
  it('a constant 10/s generator over 5 virtual seconds puts 50 records in the stream', async () => {
    const { host, lab } = setup();
    await activeStream(host, 'ticks', 1);
    const g = lab.addPreset('stockTicker', 'ticks', constant(10))!;
    expect(g.status).toBe('running');
    expect(g.ratePerSecond).toBe(10);
    await run(host, lab, 5000);
    const records = await readAll(host, 'ticks');
    expect(records).toHaveLength(50);
    const first = JSON.parse(decoder.decode(records[0]!.Data)) as { ticker_symbol: string; price: number };
    expect(typeof first.ticker_symbol).toBe('string');
    // The preset keys by ticker ({{t}}).
    expect(records[0]!.PartitionKey).toBe(first.ticker_symbol);
    const view = lab.get(g.id)!;
    expect(view).toMatchObject({ generated: 50, sent: 50, throttled: 0, failed: 0, status: 'running' });
    expect(view.sample).toHaveLength(5);
    expect(view.sample.at(-1)!.data).toBe(decoder.decode(records.at(-1)!.Data));
    // Stopped: no more records, however far time goes.
    lab.stop(g.id);
    await run(host, lab, 2000, 500);
    expect(await readAll(host, 'ticks')).toHaveLength(50);
    expect(lab.get(g.id)!.ratePerSecond).toBe(0);
  });

  it('"send N then stop" stops after N records', async () => {
    const { host, lab } = setup();
    await activeStream(host, 'orders', 2);
    const added = lab.add({ ...presetSpec('clickstream', 'orders', constant(100)), stopAfter: 120 });
    if (!added.ok) throw new Error(added.problem.message);
    lab.start(added.view.id);
    await run(host, lab, 1000);
    expect(lab.get(added.view.id)!.status).toBe('running');
    await run(host, lab, 2000);
    expect(lab.get(added.view.id)).toMatchObject({ status: 'done', generated: 120, sent: 120 });
    expect(await readAll(host, 'orders')).toHaveLength(120);
    // Started again: N more.
    lab.start(added.view.id);
    await run(host, lab, 3000);
    expect(lab.get(added.view.id)).toMatchObject({ status: 'done', generated: 120 });
    expect(await readAll(host, 'orders')).toHaveLength(240);
  });

  it('started again while the last run\'s request is in flight: its answer does not count in the new run', async () => {
    const { host, lab } = setup();
    await activeStream(host, 'orders', 1);
    const added = lab.add({ ...presetSpec('clickstream', 'orders', constant(100)), stopAfter: 50 });
    if (!added.ok) throw new Error(added.problem.message);
    lab.start(added.view.id);
    host.clock.step(1000);
    const last = lab.tick(host.clock.now()); // 50 records made, the generator done, their PutRecords in flight
    expect(lab.get(added.view.id)!.status).toBe('done');
    lab.start(added.view.id);
    await last;
    expect(lab.get(added.view.id)).toMatchObject({ generated: 0, sent: 0 });
    await run(host, lab, 1000);
    expect(lab.get(added.view.id)).toMatchObject({ status: 'done', generated: 50, sent: 50 });
    expect(await readAll(host, 'orders')).toHaveLength(100);
  });

  it('reports a template error with its line and column, and refuses to add it', () => {
    const { lab } = setup();
    const spec: GeneratorSpec = { ...presetSpec('iot', 's'), template: '{"a": 1,\n "b": "{{random.nosuch}}"}' };
    const good = presetSpec('iot', 's');
    expect(specProblem(good)).toBeUndefined();
    const problem = specProblem(spec);
    expect(problem).toMatchObject({ field: 'template', line: 2, column: 10 });
    expect(problem!.message).toMatch(/random\.nosuch/);
    const added = lab.add(spec);
    expect(added.ok).toBe(false);
    expect(lab.generators).toHaveLength(0);
    // A key template is checked too, with the record's {{set}} variables known.
    expect(specProblem({ ...good, template: '{{set d = 1}}x', key: { kind: 'template', template: 'k-{{d}}-{{e}}' } })).toMatchObject({ field: 'key', line: 1 });
    expect(specProblem({ ...good, template: '{{set d = 1}}x', key: { kind: 'template', template: 'k-{{d}}' } })).toBeUndefined();
    expect(specProblem({ ...good, rate: { kind: 'periodic', base: 5, amplitude: 2 } })).toMatchObject({ field: 'rate' });
    expect(specProblem({ ...good, stopAfter: 0 })).toMatchObject({ field: 'stopAfter' });
    expect(specProblem({ ...good, stream: '' })).toMatchObject({ field: 'stream' });
  });

  it('the edit form round-trips every rate shape and key strategy', () => {
    const specs: GeneratorSpec[] = [
      presetSpec('stockTicker', 's'),
      presetSpec('clickstream', 's', { kind: 'periodic', base: 20, amplitude: 0.5, periodMs: 60_000 }),
      { stream: 's', template: 'x', rate: { kind: 'bursty', quietPerSecond: 1, burstPerSecond: 300, burstMs: 2000, everyMs: 10_000 }, key: { kind: 'roundRobin', keys: ['a', 'b'] }, stopAfter: 7 },
      { stream: 's', template: 'x', rate: { kind: 'constant', perSecond: 3 }, key: { kind: 'hot', key: 'h', percent: 90 } },
      { stream: 's', template: 'x', rate: { kind: 'constant', perSecond: 3 }, key: { kind: 'fixed', key: 'k' } },
      { stream: 's', template: 'x', rate: { kind: 'constant', perSecond: 3 }, key: { kind: 'uuid' } },
    ];
    for (const spec of specs) expect(specOf(draftOf(spec))).toEqual(spec);
    // A limit unticked in the form means "until stopped".
    expect(specOf({ ...draftOf(specs[2]!), limited: false }).stopAfter).toBeUndefined();
  });

  it('two generators with different key strategies into one stream, each counted apart', async () => {
    const { host, lab } = setup();
    await activeStream(host, 'mixed', 4);
    const fixed = lab.add({ stream: 'mixed', template: 'fixed-{{random.number(1,9)}}', rate: constant(20), key: { kind: 'fixed', key: 'hot' } });
    const rr = lab.add({ stream: 'mixed', template: 'rr-{{random.number(1,9)}}', rate: constant(30), key: { kind: 'roundRobin', keys: ['a', 'b', 'c'] } });
    if (!fixed.ok || !rr.ok) throw new Error('not added');
    lab.start(fixed.view.id);
    lab.start(rr.view.id);
    await run(host, lab, 2000);
    const records = await readAll(host, 'mixed');
    const fromFixed = records.filter((r) => decoder.decode(r.Data).startsWith('fixed-'));
    const fromRr = records.filter((r) => decoder.decode(r.Data).startsWith('rr-'));
    expect(fromFixed).toHaveLength(40);
    expect(fromRr).toHaveLength(60);
    expect(new Set(fromFixed.map((r) => r.PartitionKey))).toEqual(new Set(['hot']));
    const rrKeys = fromRr.map((r) => r.PartitionKey);
    expect(new Set(rrKeys)).toEqual(new Set(['a', 'b', 'c']));
    expect(rrKeys.filter((k) => k === 'a')).toHaveLength(20);
    expect(lab.get(fixed.view.id)!.sent).toBe(40);
    expect(lab.get(rr.view.id)!.sent).toBe(60);
  });

  it('counts throttled records and does not retry them (as KDG)', async () => {
    const { host, lab } = setup();
    await activeStream(host, 'small', 1);
    // 1,800 records in one virtual second into one shard (1,000 records/s): hundreds are refused.
    const g = lab.addPreset('iot', 'small', constant(1800))!;
    await run(host, lab, 1000, 1000);
    const view = lab.get(g.id)!;
    expect(view.generated).toBe(1800);
    expect(view.throttled).toBeGreaterThanOrEqual(500);
    expect(view.sent + view.throttled).toBe(1800);
    const stored = await readAll(host, 'small');
    expect(stored).toHaveLength(view.sent);
    // Later ticks send only new records, never the refused ones again.
    lab.stop(g.id);
    await run(host, lab, 2000, 500);
    expect(await readAll(host, 'small')).toHaveLength(view.sent);
  });

  it('a missing stream fails the generator with AWS\'s error', async () => {
    const { host, lab, messages } = setup();
    const g = lab.addPreset('apacheLog', 'nowhere')!;
    await run(host, lab, 1000);
    expect(lab.get(g.id)!.status).toBe('failed');
    expect(lab.get(g.id)!.error).toMatch(/^ResourceNotFoundException/);
    expect(messages.list[0]!.text).toMatch(/ResourceNotFoundException/);
  });

  it('the timer ticks with virtual time, and does nothing while the clock is paused', async () => {
    const { host, lab } = setup('realtime', true);
    host.clock.speed(20);
    await activeStream(host, 'live', 1);
    const g = lab.addPreset('clickstream', 'live', constant(50))!;
    const until = async (cond: () => boolean): Promise<void> => {
      const end = Date.now() + 8000;
      while (!cond()) {
        if (Date.now() > end) throw new Error('timed out');
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    await until(() => lab.get(g.id)!.sent >= 100);
    host.clock.pause();
    await new Promise((r) => setTimeout(r, 150));
    await lab.idle();
    const atPause = lab.get(g.id)!.generated;
    await new Promise((r) => setTimeout(r, 400));
    expect(lab.get(g.id)!.generated).toBe(atPause);
    host.clock.resume();
    await until(() => lab.get(g.id)!.generated > atPause);
  });
});
