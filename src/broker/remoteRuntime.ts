/**
 * An analytics application's runtime in a Web Worker (`workers/analytics.worker.ts`): the same
 * `AppRuntime` the core runs in process, over Comlink. The worker is made on the first start and
 * ended with the application; a worker that dies is made again on the next start (the engine
 * reports the failed call as the application's error).
 */
import * as Comlink from 'comlink';
import type { AppRuntime } from '../core/analytics/app/runtime.js';
import type { WorkerLike } from './remotePipeline.js';

export class RemoteRuntime implements AppRuntime {
  private worker: WorkerLike | undefined;
  private api: Comlink.Remote<AppRuntime> | undefined;

  constructor(private readonly spawn: () => WorkerLike) {}

  private remote(): Comlink.Remote<AppRuntime> {
    if (!this.api) {
      const w = this.spawn();
      this.worker = w;
      this.api = Comlink.wrap<AppRuntime>(w);
      w.addEventListener('error', (ev) => {
        ev.preventDefault(); // reported through the calls that fail; the page is not broken
        this.end();
      });
    }
    return this.api;
  }

  start(init: Parameters<AppRuntime['start']>[0]): ReturnType<AppRuntime['start']> {
    return this.remote().start(init);
  }

  push(records: Parameters<AppRuntime['push']>[0], now: number): Promise<void> {
    return this.remote().push(records, now);
  }

  loadReference(table: string, body: Uint8Array): ReturnType<AppRuntime['loadReference']> {
    return this.remote().loadReference(table, body);
  }

  tick(now: number): ReturnType<AppRuntime['tick']> {
    return this.remote().tick(now);
  }

  async stop(): Promise<void> {
    if (!this.api) return;
    await this.api.stop().catch(() => undefined);
  }

  dispose(): void {
    this.end();
  }

  /** Ends the worker (the application was deleted, or the worker died). */
  end(): void {
    this.api?.[Comlink.releaseProxy]();
    this.worker?.terminate();
    this.api = undefined;
    this.worker = undefined;
  }
}
