import { describe, expect, it } from 'vitest';
import { nextSpeed } from './speed';

describe('speed presets', () => {
  it('steps through the presets and stops at the ends', () => {
    expect(nextSpeed(1, 1)).toBe(2);
    expect(nextSpeed(10, 1)).toBe(100);
    expect(nextSpeed(100, 1)).toBe(100);
    expect(nextSpeed(1, -1)).toBe(0.25);
    expect(nextSpeed(0.25, -1)).toBe(0.25);
    expect(nextSpeed(3, -1)).toBe(2);
  });
});
