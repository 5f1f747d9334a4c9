/**
 * Maths of a time-series line chart (the CloudWatch-like metrics): scales, SVG paths and ticks.
 * D3 computes, Svelte renders — nothing here touches the DOM, so every pixel is testable in Node.
 */
import { area, line, scaleLinear, scaleUtc, utcFormat, type ScaleLinear, type ScaleTime } from 'd3';

/** A value at a time; null is a gap (a period without samples has no Average). */
export interface ChartPoint {
  readonly t: number;
  readonly value: number | null;
}

/** The SVG's size and the room kept around the plot for tick labels. */
export interface ChartBox {
  readonly width: number;
  readonly height: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
  readonly left: number;
}

/** A tick: its value, its pixel position along its axis, and a short label. */
export interface Tick {
  readonly value: number;
  readonly px: number;
  readonly label: string;
}

export interface ChartInput {
  readonly points: readonly ChartPoint[];
  /** The time window shown (virtual epoch ms). */
  readonly fromT: number;
  readonly toT: number;
  /** A limit to draw as a line (e.g. 1,000 records/s); the value axis always reaches it. */
  readonly limit?: number | undefined;
  readonly box?: ChartBox;
  /** Labels of the value axis (default `shortNumber`). */
  readonly format?: (n: number) => string;
  readonly xTickCount?: number;
  readonly yTickCount?: number;
}

export interface Chart {
  readonly box: ChartBox;
  readonly x: ScaleTime<number, number>;
  readonly y: ScaleLinear<number, number>;
  readonly line: string;
  /** The area under the line, down to 0. */
  readonly area: string;
  readonly xTicks: readonly Tick[];
  readonly yTicks: readonly Tick[];
  /** Pixel height of the limit line, when there is a limit. */
  readonly limitY: number | undefined;
}

/** Large margins: tick labels are big enough to read from the back of a classroom. */
export const DEFAULT_BOX: ChartBox = { width: 800, height: 360, top: 24, right: 24, bottom: 48, left: 96 };

/** A time scale from the window onto the plot's width. */
export function timeScale(fromT: number, toT: number, box: ChartBox = DEFAULT_BOX): ScaleTime<number, number> {
  return scaleUtc().domain([new Date(fromT), new Date(Math.max(toT, fromT + 1))]).range([box.left, box.width - box.right]);
}

/**
 * A value scale from 0 to a nice number above both the largest value and the limit. The limit
 * gets 10 % headroom so its line never sits on the plot's top edge where it would hide.
 */
export function valueScale(values: readonly (number | null)[], limit?: number, box: ChartBox = DEFAULT_BOX): ScaleLinear<number, number> {
  let lo = 0;
  let hi = limit !== undefined && limit > 0 ? limit * 1.1 : 0;
  for (const v of values) {
    if (v === null || !Number.isFinite(v)) continue;
    if (v > hi) hi = v;
    if (v < lo) lo = v;
  }
  if (hi === lo) hi = lo + 1; // all zero: an axis from 0 to 1 rather than a collapsed one
  return scaleLinear().domain([lo, hi]).nice().range([box.height - box.bottom, box.top]);
}

/** The line through the points, broken at nulls; '' when there is nothing to draw. */
export function linePath(points: readonly ChartPoint[], x: ScaleTime<number, number>, y: ScaleLinear<number, number>): string {
  const gen = line<ChartPoint>().defined((p) => p.value !== null).x((p) => x(p.t)).y((p) => y(p.value ?? 0));
  return gen(points) ?? '';
}

/** The area between the line and 0, broken at nulls like the line. */
export function areaPath(points: readonly ChartPoint[], x: ScaleTime<number, number>, y: ScaleLinear<number, number>): string {
  const gen = area<ChartPoint>().defined((p) => p.value !== null).x((p) => x(p.t)).y0(y(0)).y1((p) => y(p.value ?? 0));
  return gen(points) ?? '';
}

const hms = utcFormat('%H:%M:%S');
const hm = utcFormat('%H:%M');

/** Time ticks at nice UTC moments (the clock shows UTC), `14:03` on whole minutes, `14:03:20` otherwise. */
export function timeTicks(x: ScaleTime<number, number>, count = 6): Tick[] {
  const ticks = x.ticks(count);
  const fmt = ticks.every((d) => d.getTime() % 60_000 === 0) ? hm : hms;
  return ticks.map((d) => ({ value: d.getTime(), px: x(d), label: fmt(d) }));
}

/** Value ticks at nice round numbers. */
export function valueTicks(y: ScaleLinear<number, number>, count = 5, format: (n: number) => string = shortNumber): Tick[] {
  return y.ticks(count).map((v) => ({ value: v, px: y(v), label: format(v) }));
}

/** `950`, `1.5k`, `60k`, `2.1M`, `0.25`: short enough for an axis. */
export function shortNumber(n: number): string {
  const a = Math.abs(n);
  const short = (v: number, unit: string): string => `${Number(v.toFixed(v < 10 ? 1 : 0))}${unit}`;
  // 999.5 and up round to 1,000 of the unit below: say `1M`, not `1000k`.
  if (a >= 999.5e6) return short(n / 1e9, 'G');
  if (a >= 999.5e3) return short(n / 1e6, 'M');
  if (a >= 999.5) return short(n / 1e3, 'k');
  return String(Number(n.toFixed(a < 1 ? 2 : a < 10 ? 1 : 0)));
}

/** Everything a chart component needs to draw one series over a time window. */
export function buildChart(input: ChartInput): Chart {
  const box = input.box ?? DEFAULT_BOX;
  const inWindow = input.points.filter((p) => p.t >= input.fromT && p.t <= input.toT);
  const x = timeScale(input.fromT, input.toT, box);
  const y = valueScale(inWindow.map((p) => p.value), input.limit, box);
  return {
    box, x, y,
    line: linePath(inWindow, x, y),
    area: areaPath(inWindow, x, y),
    xTicks: timeTicks(x, input.xTickCount),
    yTicks: valueTicks(y, input.yTickCount, input.format),
    limitY: input.limit !== undefined && input.limit > 0 ? y(input.limit) : undefined,
  };
}
