import { describe, expect, it } from 'vitest';
import {
  formatBytes, formatDuration, formatInt, formatMiBPerSec, formatRate, formatSpeed, formatUtc, formatUtcTime,
  isLagging, isoSeconds, parseUtc, percentOf, shardNumber, shortHashKey, shortSequence,
} from './format';

describe('numbers', () => {
  it('groups thousands and rounds', () => {
    expect(formatInt(1234.6)).toBe('1,235');
    expect(formatInt(Number.NaN)).toBe('–');
  });
  it('shows one decimal only for small rates', () => {
    expect(formatRate(2.46)).toBe('2.5');
    expect(formatRate(843.4)).toBe('843');
    expect(formatRate(1000)).toBe('1,000');
  });
  it('uses binary units like the shard limits', () => {
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KiB');
    expect(formatBytes(1024 * 1024)).toBe('1.00 MiB');
    expect(formatMiBPerSec(1024 * 1024)).toBe('1.00');
    expect(formatMiBPerSec(512 * 1024)).toBe('0.50');
  });
  it('clamps percentages for bars', () => {
    expect(percentOf(500, 1000)).toBe(50);
    expect(percentOf(3000, 1000)).toBe(100);
    expect(percentOf(-1, 1000)).toBe(0);
    expect(percentOf(1, 0)).toBe(0);
  });
});

describe('time', () => {
  const t = Date.UTC(2026, 0, 25, 14, 3, 7, 250);
  it('formats virtual time in UTC', () => {
    expect(formatUtc(t)).toBe('2026-01-25 14:03:07 UTC');
    expect(formatUtc(t, true)).toBe('2026-01-25 14:03:07.250 UTC');
    expect(formatUtcTime(t)).toBe('14:03:07.250');
  });
  it('formats durations for people', () => {
    expect(formatDuration(0)).toBe('0 ms');
    expect(formatDuration(850)).toBe('850 ms');
    expect(formatDuration(4200)).toBe('4.2 s');
    expect(formatDuration(185_000)).toBe('3 min 5 s');
    expect(formatDuration(7_380_000)).toBe('2 h 3 min');
  });
  it('formats speeds', () => {
    expect(formatSpeed(0.25)).toBe('0.25×');
    expect(formatSpeed(1)).toBe('1×');
    expect(formatSpeed(6.34)).toBe('6.3×');
    expect(formatSpeed(100)).toBe('100×');
  });
  it('calls a run lagging only when clearly below target', () => {
    expect(isLagging({ paused: false, targetSpeed: 10, actualSpeed: 6.3 })).toBe(true);
    expect(isLagging({ paused: false, targetSpeed: 10, actualSpeed: 9.5 })).toBe(false);
    expect(isLagging({ paused: true, targetSpeed: 10, actualSpeed: 0 })).toBe(false);
  });
});

describe('identifiers', () => {
  it('shortens 128-bit hash keys without rounding up', () => {
    expect(shortHashKey('0')).toBe('0');
    expect(shortHashKey('85070591730234615865843651857942052863')).toBe('8.50×10³⁷');
    expect(shortHashKey('340282366920938463463374607431768211455')).toBe('3.40×10³⁸');
  });
  it('shortens sequence numbers and shard ids', () => {
    const seq = '49668712345678901234567890123456789012345678901234567890';
    expect(shortSequence(seq)).toBe('496687…34567890');
    expect(shortSequence('123')).toBe('123');
    expect(shardNumber('shardId-000000000007')).toBe('7');
    expect(shardNumber('shardId-000000000000')).toBe('0');
  });
});

describe('typed times', () => {
  const t = Date.UTC(2026, 0, 25, 14, 3, 7);
  it('reads UTC times in the forms the screen shows', () => {
    expect(parseUtc('2026-01-25T14:03:07Z')).toBe(t);
    expect(parseUtc('2026-01-25 14:03:07')).toBe(t);
    expect(parseUtc('2026-01-25 14:03:07.250 UTC')).toBe(t + 250);
    expect(parseUtc('2026-01-25T16:03:07+02:00')).toBe(t);
    expect(parseUtc('2026-01-25')).toBe(Date.UTC(2026, 0, 25));
  });
  it('rejects what it cannot read', () => {
    expect(parseUtc('yesterday')).toBeUndefined();
    expect(parseUtc('2026-13-45T99:99:99Z')).toBeUndefined();
  });
  it('round-trips isoSeconds', () => {
    expect(isoSeconds(t + 999)).toBe('2026-01-25T14:03:07Z');
    expect(parseUtc(isoSeconds(t))).toBe(t);
  });
});
