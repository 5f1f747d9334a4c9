/**
 * The workbench's state objects, made once for the page's one host. Kept out of the component so
 * its script holds only the wiring (observers, timers, cleanups); the `$effect`s that start and
 * stop these objects stay in Workbench.svelte, in their order.
 */
import type { SimulationHost } from '../broker/host';
import { PutUnitMeter } from '../core/cost/costMeter';
import { FirehoseCostMeter } from '../core/cost/firehoseCost';
import { FirehoseMetricStore } from '../core/observe/firehoseMetrics';
import { MetricStore } from '../core/observe/metrics';
import type { AgentLab } from './state/agentLab.svelte';
import { AnalyticsLab } from './state/analyticsLab.svelte';
import { Consumer } from './state/consumer.svelte';
import { ConsumerApps } from './state/consumerApps.svelte';
import { Display } from './state/display.svelte';
import { EfoMeter } from './state/efoMeter';
import { FanOutDemo } from './state/fanout.svelte';
import { FirehoseLab } from './state/firehoseLab.svelte';
import { FlowModel } from './state/flow.svelte';
import { GeneratorLab } from './state/generatorLab.svelte';
import { KclLab } from './state/kclLab.svelte';
import { KplLab } from './state/kplLab.svelte';
import { Lab } from './state/lab.svelte';
import { Producer } from './state/producer.svelte';
import { ScriptRunner } from './state/scripts.svelte';

/**
 * The selected stream's meters for the cost panel. Plain fields, not `$state`: Workbench replaces
 * them when the selection changes, and their readers refresh with the lab (4× a second).
 */
export interface PictureMeters {
  put: PutUnitMeter;
  efo: EfoMeter;
}

/** Everything the workbench's tabs show, one of each per page. */
export interface WorkbenchLabs {
  readonly lab: Lab;
  readonly producer: Producer;
  readonly consumer: Consumer;
  readonly apps: ConsumerApps;
  readonly flow: FlowModel;
  readonly fh: FirehoseLab;
  readonly fhMetrics: FirehoseMetricStore;
  readonly fhCost: FirehoseCostMeter;
  /** The Kinesis Agent, opened at page load so a running agent resumes (it is a daemon), whichever tab is shown. */
  readonly agentReady: Promise<AgentLab>;
  readonly kcl: KclLab;
  readonly generators: GeneratorLab;
  readonly kpl: KplLab;
  readonly scripts: ScriptRunner;
  readonly al: AnalyticsLab;
  readonly fanout: FanOutDemo;
  readonly display: Display;
  readonly meters: PictureMeters;
  readonly metrics: MetricStore;
}

/**
 * Makes the state objects in one fixed order; the Kinesis Agent's store starts opening here, before
 * the first render. Call once, while the workbench component initialises.
 */
export function createWorkbenchLabs(host: SimulationHost): WorkbenchLabs {
  const lab = new Lab(host);
  const producer = new Producer(host, lab.messages);
  const consumer = new Consumer(host, lab.messages);
  const apps = new ConsumerApps(host, lab.messages);
  const flow = new FlowModel();
  const fh = new FirehoseLab(host, lab.messages);
  const fhMetrics = new FirehoseMetricStore((name) => fh.streams.find((d) => d.name === name)?.type);
  const fhCost = new FirehoseCostMeter();
  const agentReady = import('./state/agentLab.svelte').then((m) => m.AgentLab.open(host, lab.messages, { stream: lab.streams[0]?.name }));
  // KCL consumer applications: each worker a Web Worker, the lease table in IndexedDB (memory otherwise).
  const kcl = new KclLab(host, host.kinesisDispatch, host.status().storage === 'indexeddb'
    ? { spawn: () => new Worker(new URL('../../workers/kcl.worker.ts', import.meta.url), { type: 'module', name: 'kcl' }) } : {});
  // The data generator and the KPL producers.
  const generators = new GeneratorLab(host, lab.messages);
  const kpl = new KplLab(host, lab.messages);
  // Producer and consumer scripts in the code sandbox.
  const scripts = new ScriptRunner(host);
  // Kinesis Data Analytics applications (their tab is loaded on demand).
  const al = new AnalyticsLab(host, lab.messages);
  const fanout = new FanOutDemo(host, lab.messages);
  const display = new Display();
  const meters: PictureMeters = { put: new PutUnitMeter(), efo: new EfoMeter('') };
  const metrics = new MetricStore();
  return { lab, producer, consumer, apps, flow, fh, fhMetrics, fhCost, agentReady, kcl, generators, kpl, scripts, al, fanout, display, meters, metrics };
}
