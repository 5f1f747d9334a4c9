/**
 * Svelte transitions for resharding: a child shard's band grows out of its parent's range on the
 * hash-key ruler, and its lane slides out of the parent's lane in the flow. CSS-driven (Svelte
 * turns `css` into a keyframe animation), so they cost no JavaScript per frame. With reduced
 * motion (the page's switch or the system's) they take no time at all.
 */
import { cubicOut } from 'svelte/easing';
import type { TransitionConfig } from 'svelte/transition';

/** How long a reshard takes to draw, ms. */
export const RESHARD_MS = 900;

export function motionReduced(): boolean {
  if (typeof document === 'undefined') return true;
  return document.documentElement.classList.contains('reduced-motion') ||
    (typeof matchMedia === 'function' && matchMedia('(prefers-reduced-motion: reduce)').matches);
}

/** An SVG rect that moves from [fromX, fromX + fromW] to its own x and width. */
export function spanIn(_node: Element, p: { fromX: number; fromW: number; x: number; w: number } | undefined): TransitionConfig {
  // A span not laid out yet (a stream's first render) has nothing to move from.
  if (!p || motionReduced() || ![p.fromX, p.fromW, p.x, p.w].every(Number.isFinite)) return { duration: 0 };
  return {
    duration: RESHARD_MS,
    easing: cubicOut,
    css: (t) => `x: ${p.fromX + (p.x - p.fromX) * t}px; width: ${Math.max(0, p.fromW + (p.w - p.fromW) * t)}px`,
  };
}

/** An SVG rect that drops from row `fromY` to its own `y` (a closing parent leaving the band row). */
export function dropIn(_node: Element, p: { fromY: number; y: number } | undefined): TransitionConfig {
  if (!p || motionReduced() || !Number.isFinite(p.fromY) || !Number.isFinite(p.y)) return { duration: 0 };
  return { duration: RESHARD_MS, easing: cubicOut, css: (t) => `y: ${p.fromY + (p.y - p.fromY) * t}px` };
}

/** An SVG group translated to `y` that slides there from `fromY`, growing from a sliver. */
export function laneIn(_node: Element, p: { fromY: number; y: number } | undefined): TransitionConfig {
  if (!p || motionReduced() || !Number.isFinite(p.fromY) || !Number.isFinite(p.y)) return { duration: 0 };
  return {
    duration: RESHARD_MS,
    easing: cubicOut,
    css: (t) => `transform: translateY(${p.fromY + (p.y - p.fromY) * t}px) scaleY(${0.2 + 0.8 * t}); opacity: ${0.3 + 0.7 * t}`,
  };
}
