/** The time bar's speed presets and the + / − keys that step through them. */

/** Speed presets of the time bar. */
export const SPEED_PRESETS = [0.25, 1, 2, 5, 10, 100] as const;

/** The next preset above (`+1`) or below (`-1`) the current speed; the same speed at either end. */
export function nextSpeed(current: number, direction: 1 | -1): number {
  if (direction > 0) return SPEED_PRESETS.find((s) => s > current + 1e-9) ?? current;
  return [...SPEED_PRESETS].reverse().find((s) => s < current - 1e-9) ?? current;
}
