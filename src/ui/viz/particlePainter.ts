/**
 * Draws the flow's particles on its canvas (FlowCanvas.svelte): squares batched by colour for
 * writes, light dots for records being read, hollow rings for throttled ones (told apart by
 * shape, not by colour alone), and boxed cells for KPL aggregated records. One pass sorts live
 * particles into buckets; each bucket is then one path and one fill — a handful of canvas calls a
 * frame, whatever the number of particles.
 */
import { KEY_COLORS } from './flowLayout';
import { Kind, type Particles } from './particles';

/** Side of a KPL aggregated record's box, in CSS pixels (a plain record is 6). */
export const PACK = 14;

/** The theme's colours the canvas draws with (read from CSS once the canvas exists). */
export interface ParticleTheme {
  ink: string;
  bad: string;
  cellInk: string;
}

const nColors = KEY_COLORS.length;

/** Paints particles frame after frame, keeping its bucket arrays between frames. */
export class ParticlePainter {
  private buckets: Int32Array[] | undefined;
  private readonly counts = new Int32Array(KEY_COLORS.length + 3);

  /** Clears the canvas to `width`×`height` CSS pixels at `dpr` and draws every live particle. */
  paint(ctx: CanvasRenderingContext2D, p: Particles, width: number, height: number, dpr: number, theme: ParticleTheme): void {
    const c = ctx.canvas;
    if (c.width !== Math.round(width * dpr) || c.height !== Math.round(height * dpr)) {
      c.width = Math.round(width * dpr);
      c.height = Math.round(height * dpr);
    }
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, height);
    const buckets = this.sort(p);
    this.plain(ctx, p, buckets, theme);
    this.packed(ctx, p, buckets[nColors + 2]!, theme);
  }

  /** Live particles into buckets: a colour each for writes, then reads, bounces, packed. */
  private sort(p: Particles): Int32Array[] {
    if (!this.buckets || this.buckets.length !== nColors + 3 || this.buckets[0]!.length !== p.capacity) {
      this.buckets = Array.from({ length: nColors + 3 }, () => new Int32Array(p.capacity));
    }
    const buckets = this.buckets, counts = this.counts;
    counts.fill(0);
    for (let i = 0; i < p.capacity; i++) {
      if (!p.alive[i]) continue;
      const kind = p.kind[i];
      const k = kind === Kind.write ? p.color[i]! : kind === Kind.read ? nColors : kind === Kind.bounce ? nColors + 1 : nColors + 2;
      buckets[k]![counts[k]!++] = i;
    }
    return buckets;
  }

  /** Writes (squares by colour), reads (dots) and bounces (rings). */
  private plain(ctx: CanvasRenderingContext2D, p: Particles, buckets: Int32Array[], theme: ParticleTheme): void {
    const counts = this.counts;
    for (let b = 0; b < nColors; b++) {
      if (!counts[b]) continue;
      const list = buckets[b]!;
      ctx.fillStyle = KEY_COLORS[b]!;
      ctx.beginPath();
      for (let j = 0; j < counts[b]!; j++) { const i = list[j]!; ctx.rect(p.x[i]! - 3, p.y[i]! - 3, 6, 6); }
      ctx.fill();
    }
    const reads = buckets[nColors]!;
    ctx.fillStyle = theme.ink;
    ctx.beginPath();
    for (let j = 0; j < counts[nColors]!; j++) { const i = reads[j]!; ctx.moveTo(p.x[i]! + 3, p.y[i]!); ctx.arc(p.x[i]!, p.y[i]!, 3, 0, Math.PI * 2); }
    ctx.fill();
    const bounces = buckets[nColors + 1]!;
    ctx.strokeStyle = theme.bad;
    ctx.lineWidth = 2;
    ctx.beginPath();
    for (let j = 0; j < counts[nColors + 1]!; j++) { const i = bounces[j]!; ctx.moveTo(p.x[i]! + 5, p.y[i]!); ctx.arc(p.x[i]!, p.y[i]!, 5, 0, Math.PI * 2); }
    ctx.stroke();
  }

  /** KPL aggregated records: a bigger box divided into small cells — many user records in one. */
  private packed(ctx: CanvasRenderingContext2D, p: Particles, packed: Int32Array, theme: ParticleTheme): void {
    const n = this.counts[nColors + 2]!;
    for (let j = 0; j < n; j++) {
      const i = packed[j]!;
      const x = p.x[i]! - PACK / 2, y = p.y[i]! - PACK / 2;
      ctx.fillStyle = KEY_COLORS[p.color[i]!]!;
      ctx.fillRect(x, y, PACK, PACK);
    }
    ctx.strokeStyle = theme.cellInk;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    for (let j = 0; j < n; j++) {
      const i = packed[j]!;
      const x = p.x[i]! - PACK / 2, y = p.y[i]! - PACK / 2;
      ctx.rect(x, y, PACK, PACK);
      for (const f of [1 / 3, 2 / 3]) {
        ctx.moveTo(x + PACK * f, y); ctx.lineTo(x + PACK * f, y + PACK);
        ctx.moveTo(x, y + PACK * f); ctx.lineTo(x + PACK, y + PACK * f);
      }
    }
    ctx.stroke();
  }
}
