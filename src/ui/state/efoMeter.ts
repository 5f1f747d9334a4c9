/**
 * Bytes pushed to enhanced fan-out consumers per second, over a sliding window of virtual time,
 * from the simulation's read events (SubscribeToShard's reads carry `reader: consumer:<name>`):
 * what the cost meter bills as EFO data retrieval.
 */
import type { SimEvent } from '../../core/observe/events';

export class EfoMeter {
  private readonly samples: { t: number; bytes: number }[] = [];

  constructor(private readonly stream: string, private readonly windowMs = 10_000) {}

  add(e: SimEvent): void {
    if (e.type !== 'read' || e.stream !== this.stream || !e.reader.startsWith('consumer:')) return;
    this.samples.push({ t: e.t, bytes: e.bytes });
  }

  /** Bytes per second over the window ending at `now`. */
  bytesPerSecond(now: number): number {
    while (this.samples.length && this.samples[0]!.t <= now - this.windowMs) this.samples.shift();
    return this.samples.reduce((n, s) => n + s.bytes, 0) / (this.windowMs / 1000);
  }
}
