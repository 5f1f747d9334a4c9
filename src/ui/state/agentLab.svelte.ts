/**
 * The Kinesis Agent lab: a virtual host's log files that grow (the access log from the
 * generator's apacheLog preset, a JSON application log, a CSV file), logrotate, agent.json, and
 * the agent (src/core/agent) ticked on the simulation's clock, sending with the page's real
 * KinesisClient (PutRecords) and FirehoseClient (PutRecordBatch). The files, agent.json and the
 * agent's checkpoints are saved together (agentPersist.ts) so a reloaded page resumes the agent
 * from its checkpoints — nothing lost, nothing sent twice.
 */
import type { SimulationHost } from '../../broker/host';
import { KinesisAgent, type FlowCheckpoint } from '../../core/agent/agent';
import type { AgentMetrics } from '../../core/agent/agentMetrics';
import type { AgentDestinations } from '../../core/agent/sender';
import type { VirtualFileSystem } from '../../core/agent/vfs';
import { Generator } from '../../core/generator/generator';
import { parseAgentConfig } from '../../core/agent/config';
import { openAgentStore, restoreCheckpoints, restoreFiles, type AgentSavedState, type AgentStore, type SourceSettings } from './agentPersist';
import type { Messages } from './messages.svelte';
import { checkConfig, type LocatedIssue } from './agentConfigCheck';
import { DEFAULT_SOURCES, LINE_TEMPLATES, defaultConfig } from './agentTemplates';
import { agentDestinations } from './agentDestinations';
import { agentSavedState, checkpointsMoved, fileRows, resumedSources, withSent, type FileRow, type SentRecord } from './agentLabRows';

/** How a lab is made: where it saves, what it resumes, and how often it ticks. */
export interface AgentLabOptions {
  /** Where the lab saves itself; without one nothing is saved. */
  readonly store?: AgentStore;
  /** State saved by an earlier lab (`await store.load()`); otherwise the default files and agent.json. */
  readonly saved?: AgentSavedState;
  /** The stream the default agent.json names. */
  readonly stream?: string;
  /** Real ms between ticks (default 200); 0 = no timer (tests call `tick()`). */
  readonly tickMs?: number;
}

/** Files rotate on their own past this size (logrotate's `size`), which also caps what is saved. */
export const MAX_FILE_BYTES = 256 * 1024;
const KEEP_ROTATED = 3;
const RECENT = 20;
/** Real ms between saves while only the files changed (a checkpoint change saves at once). */
const SAVE_EVERY_MS = 2000;

/** The lab's state for the panel: files, sources, agent.json, and the agent running on the clock. */
export class AgentLab {
  files = $state.raw<readonly FileRow[]>([]);
  sources = $state.raw<readonly SourceSettings[]>([]);
  config = $state('');
  running = $state(false);
  /** agent.json as the running agent read it (the daemon rereads it only on a restart). */
  runningConfig = $state<string | undefined>(undefined);
  metrics = $state.raw<AgentMetrics | undefined>(undefined);
  checkpoints = $state.raw<readonly FlowCheckpoint[]>([]);
  recent = $state.raw<readonly SentRecord[]>([]);
  /** The last failed call (the agent retries it with backoff). */
  lastError = $state<string | undefined>(undefined);
  /** Problems of agent.json as written now (JSON syntax, then validation), with line and column. */
  readonly issues: readonly LocatedIssue[] = $derived(checkConfig(this.config));

  private vfs: VirtualFileSystem;
  private agent: KinesisAgent | undefined;
  /** Every flow's last checkpoint, kept across stop/start and config edits (the agent's checkpoint file). */
  private saved = new Map<string, FlowCheckpoint>();
  private generators = new Map<string, Generator>();
  private linesSinceRotate = new Map<string, number>();
  private linesWritten = 0;
  private timer: ReturnType<typeof setInterval> | undefined;
  /** Ticks run one after another (the agent's tick awaits the SDK). */
  private chain: Promise<void> = Promise.resolve();
  private busy = false;
  private lastNow: number | undefined;
  private lastSave = 0;
  private saving: Promise<void> = Promise.resolve();
  private disposed = false;

  constructor(private readonly host: SimulationHost, private readonly messages: Messages | undefined, private readonly opts: AgentLabOptions = {}) {
    const s = opts.saved;
    if (s) {
      const { vfs, ids } = restoreFiles(s.files, () => this.now());
      this.vfs = vfs;
      for (const c of restoreCheckpoints(s.checkpoints, ids)) this.saved.set(c.flow, c);
      this.config = s.config;
      // Files added to the defaults since this state was saved are there too.
      this.sources = resumedSources(s.sources, DEFAULT_SOURCES);
      for (const src of this.sources) if (!this.vfs.stat(src.path)) this.vfs.create(src.path);
      this.linesWritten = s.linesWritten;
    } else {
      this.vfs = restoreFiles([], () => this.now()).vfs;
      this.config = defaultConfig(opts.stream ?? 'my-stream');
      this.sources = DEFAULT_SOURCES;
      for (const src of this.sources) this.vfs.create(src.path);
    }
    this.checkpoints = [...this.saved.values()];
    if (s?.running) this.start();
    this.refreshFiles();
    if ((opts.tickMs ?? 200) > 0) this.timer = setInterval(() => void this.onTimer(), opts.tickMs ?? 200);
  }

  /**
   * The page's lab: opens the store (IndexedDB `shardlab-agent`, or memory without IndexedDB)
   * and resumes what it saved — files, agent.json, checkpoints, and the agent if it was running.
   */
  static async open(host: SimulationHost, messages: Messages | undefined, opts: Omit<AgentLabOptions, 'store' | 'saved'> & { dbName?: string } = {}): Promise<AgentLab> {
    const store = await openAgentStore(opts.dbName);
    const saved = await store.load();
    return new AgentLab(host, messages, { ...opts, store, ...(saved ? { saved } : {}) });
  }

  /** Whether saved state survives a reload. */
  get persistent(): boolean {
    return this.opts.store?.persistent ?? false;
  }

  /** Starts the agent (a restart after a config change, as the real daemon needs); false when agent.json is invalid. */
  start(): boolean {
    const parsed = parseAgentConfig(this.config);
    if (!parsed.ok) {
      this.messages?.error('Starting the Kinesis Agent', new Error(`agent.json: ${parsed.issues.map((i) => `${i.path || 'JSON'}: ${i.message}`).join('; ')}`));
      return false;
    }
    const make = (): void => {
      this.agent = new KinesisAgent({ config: parsed.value, vfs: this.vfs, destinations: this.destinations(), seed: this.linesWritten + 1, checkpoints: [...this.saved.values()] });
    };
    this.running = true;
    this.runningConfig = this.config;
    this.lastError = undefined;
    if (this.stepping) {
      // A restart while the old agent's batch is in flight: the new agent starts from the
      // checkpoints that batch leaves (after it), or it would send those records again.
      const generation = ++this.generation;
      this.chain = this.chain.then(() => { if (this.running && this.generation === generation) make(); });
    } else make();
    this.save(true);
    return true;
  }
  /** A step awaits the agent's sends. */
  private stepping = false;
  private generation = 0;

  /** Stops the agent. Records read but not yet acknowledged are read again from the checkpoint on the next start. */
  stop(): void {
    this.generation++;
    this.agent = undefined;
    this.running = false;
    this.runningConfig = undefined;
    this.save(true);
  }

  /** Changes a file's source (rate, growing, rotation); a new rate starts a new generator. */
  setSource(path: string, change: Partial<Omit<SourceSettings, 'path' | 'kind'>>): void {
    this.sources = this.sources.map((s) => (s.path === path ? { ...s, ...change } : s));
    if (change.perSecond !== undefined || change.growing === false) this.generators.delete(path);
    // A learner's own change is saved at once (a write to a file on a real host is durable);
    // only the generated growth is saved at most every SAVE_EVERY_MS.
    this.save(true);
  }

  /** Appends lines to a file now (the learner's own lines, or a burst). */
  append(path: string, text: string): void {
    this.vfs.append(path, text.endsWith('\n') || text === '' ? text : `${text}\n`);
    this.refreshFiles();
    this.save(true);
  }

  /** logrotate now: `path` → `path.1` … and a new empty `path`. */
  rotate(path: string, mode: 'create' | 'copytruncate' = 'create'): void {
    if (!this.vfs.stat(path)) return;
    this.vfs.rotate(path, { keep: KEEP_ROTATED, mode });
    this.linesSinceRotate.set(path, 0);
    this.refreshFiles();
    this.save(true);
  }

  /** A file's text (for a look inside). */
  read(path: string): string {
    return this.vfs.stat(path) ? this.vfs.readText(path) : '';
  }

  /** One step: grow the files to the clock's time, then let the agent poll and send. Serialised. */
  tick(): Promise<void> {
    const run = this.chain.then(() => this.step());
    this.chain = run.catch(() => undefined);
    return run;
  }

  /** Saves now and waits for the write (tests, and before the page goes). */
  async flush(): Promise<void> {
    this.save(true);
    await this.saving;
  }

  /** Stops the timer, saves, and closes the store. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    await this.chain;
    await this.flush();
    this.opts.store?.close();
  }

  private now(): number {
    return Math.floor(this.host.clock.now());
  }

  private async onTimer(): Promise<void> {
    // A paused clock holds the agent still; a step while paused moves it (time moved).
    if (this.busy || this.now() === this.lastNow) return;
    this.busy = true;
    await this.tick().catch((e: unknown) => this.messages?.error('Kinesis Agent', e));
    this.busy = false;
  }

  private async step(): Promise<void> {
    if (this.disposed) return;
    const now = this.now();
    this.lastNow = now;
    this.grow(now);
    const agent = this.agent;
    let checkpointMoved = false;
    if (agent) {
      this.stepping = true;
      try {
        await agent.tick(now);
      } finally {
        this.stepping = false;
      }
      // Kept even when the agent was stopped meanwhile: they mark acknowledged records.
      const before = this.checkpoints;
      for (const c of agent.checkpoints()) this.saved.set(c.flow, c);
      this.checkpoints = [...this.saved.values()];
      checkpointMoved = checkpointsMoved(before, this.checkpoints);
      if (agent === this.agent) this.metrics = agent.metrics();
    }
    this.refreshFiles();
    this.save(checkpointMoved);
  }

  /** Appends what each growing source owes by `now`, rotating by line count and by size. */
  private grow(now: number): void {
    for (const src of this.sources) {
      if (!src.growing || src.perSecond <= 0) continue;
      let g = this.generators.get(src.path);
      if (!g) {
        g = new Generator({ template: LINE_TEMPLATES[src.kind], rate: { kind: 'constant', perSecond: src.perSecond }, seed: this.linesWritten + 1, startAt: now, maxPerTick: 5000 });
        this.generators.set(src.path, g);
      }
      for (const r of g.tick(now)) {
        this.vfs.append(src.path, `${r.data}\n`);
        this.linesWritten++;
        const n = (this.linesSinceRotate.get(src.path) ?? 0) + 1;
        this.linesSinceRotate.set(src.path, n);
        const size = this.vfs.stat(src.path)?.size ?? 0;
        if ((src.rotateEveryLines > 0 && n >= src.rotateEveryLines) || size >= MAX_FILE_BYTES) {
          this.vfs.rotate(src.path, { keep: KEEP_ROTATED });
          this.linesSinceRotate.set(src.path, 0);
        }
      }
    }
  }

  private refreshFiles(): void {
    this.files = fileRows(this.vfs.list(), this.sources);
  }

  /** The agent's senders on the page's SDK clients; a failed call is the lab's last error. */
  private destinations(): AgentDestinations {
    return agentDestinations(this.host, {
      ok: () => { this.lastError = undefined; },
      failed: (text) => { this.lastError = text; },
      sent: (destination, data) => this.sent(destination, data),
    });
  }

  private sent(destination: string, data: readonly string[]): void {
    if (data.length === 0) return;
    this.recent = withSent(this.recent, destination, this.now(), data, RECENT);
  }

  /** Saves the files, agent.json and checkpoints as one snapshot: now, or at most every SAVE_EVERY_MS. */
  private save(now: boolean): void {
    const store = this.opts.store;
    if (!store) return;
    const t = Date.now();
    if (!now && t - this.lastSave < SAVE_EVERY_MS) return;
    this.lastSave = t;
    // Taken synchronously, so files and checkpoints agree; writes go one after another, in order.
    const state: AgentSavedState = agentSavedState({
      vfs: this.vfs, config: this.config, checkpoints: this.saved.values(), sources: this.sources, running: this.running, linesWritten: this.linesWritten,
    });
    this.saving = this.saving.then(() => store.save(state)).catch((e: unknown) => console.warn('Shardlab could not save the Kinesis Agent:', e));
  }
}
