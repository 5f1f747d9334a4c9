/** Number, time and size formatting for the screen: big, readable, and the same everywhere. */

const intFmt = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
const oneDecimal = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** `1,234` (rounded). */
export function formatInt(n: number): string {
  return Number.isFinite(n) ? intFmt.format(Math.round(n)) : '–';
}

/** A rate per second: whole numbers from 10 up, one decimal below (`2.5`, `843`, `1,000`). */
export function formatRate(n: number): string {
  if (!Number.isFinite(n)) return '–';
  return Math.abs(n) >= 10 ? intFmt.format(Math.round(n)) : oneDecimal.format(n);
}

const KIB = 1024;
const MIB = 1024 * 1024;

/** Bytes in B / KiB / MiB (binary units, as the Kinesis limits are: 1 MiB/s in, 2 MiB/s out). */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '–';
  if (Math.abs(n) < KIB) return `${Math.round(n)} B`;
  if (Math.abs(n) < MIB) return `${(n / KIB).toFixed(n < 10 * KIB ? 1 : 0)} KiB`;
  return `${(n / MIB).toFixed(2)} MiB`;
}

/** Bytes per second as MiB/s with two decimals — the unit the shard limits are stated in. */
export function formatMiBPerSec(bytesPerSec: number): string {
  return `${(bytesPerSec / MIB).toFixed(2)}`;
}

/** `2026-01-25 14:03:07 UTC`, with `.250` milliseconds when asked. */
export function formatUtc(ms: number, withMs = false): string {
  if (!Number.isFinite(ms)) return '–';
  const iso = new Date(ms).toISOString(); // 2026-01-25T14:03:07.250Z
  return `${iso.slice(0, 10)} ${iso.slice(11, withMs ? 23 : 19)} UTC`;
}

/** The time part only: `14:03:07.250`. */
export function formatUtcTime(ms: number, withMs = true): string {
  if (!Number.isFinite(ms)) return '–';
  return new Date(ms).toISOString().slice(11, withMs ? 23 : 19);
}

/** A duration for people: `0 ms`, `850 ms`, `4.2 s`, `3 min 5 s`, `2 h 3 min`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

/** `0.25×`, `1×`, `6.3×`, `100×`. */
export function formatSpeed(x: number): string {
  if (!Number.isFinite(x)) return '–';
  if (x >= 10) return `${Math.round(x)}×`;
  const s = x < 1 ? String(Math.round(x * 100) / 100) : String(Math.round(x * 10) / 10);
  return `${s}×`;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/**
 * A 128-bit decimal hash key in short form: small values as they are, large ones as
 * `8.51×10³⁷` (three significant digits, truncated — never rounded up past a range's end).
 */
export function shortHashKey(decimal: string): string {
  const digits = decimal.replace(/^0+(?=\d)/, '');
  if (digits.length <= 6) return digits;
  const exp = digits.length - 1;
  const mantissa = `${digits[0]}.${digits.slice(1, 3)}`;
  const sup = [...String(exp)].map((d) => SUPERSCRIPT[Number(d)]).join('');
  return `${mantissa}×10${sup}`;
}

/** A 56-digit sequence number shortened for a table cell: `496687…00000002`. */
export function shortSequence(seq: string, head = 6, tail = 8): string {
  return seq.length <= head + tail + 1 ? seq : `${seq.slice(0, head)}…${seq.slice(-tail)}`;
}

/** `shardId-000000000007` → `7` (anything else unchanged). */
export function shardNumber(shardId: string): string {
  const m = /^shardId-0*(\d+)$/.exec(shardId);
  return m ? m[1]! : shardId;
}

/** `value` as a percentage of `limit`, clamped to 0–100 (for bar widths). */
export function percentOf(value: number, limit: number): number {
  if (!(limit > 0) || !Number.isFinite(value)) return 0;
  return Math.max(0, Math.min(100, (value / limit) * 100));
}

/** True when the simulation runs clearly slower than asked (10 % and more below the target). */
export function isLagging(s: { paused: boolean; targetSpeed: number; actualSpeed: number }): boolean {
  return !s.paused && s.actualSpeed < s.targetSpeed * 0.9;
}

/**
 * Reads a time typed by a person as UTC: `2026-01-25T14:03:07Z`, `2026-01-25 14:03:07`,
 * `2026-01-25 14:03:07.250 UTC`. Without a zone it is UTC (the clock shows UTC). `undefined` if unreadable.
 */
export function parseUtc(text: string): number | undefined {
  let t = text.trim().replace(/\s*UTC$/i, 'Z').replace(' ', 'T');
  if (!/^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?)?(Z|[+-]\d{2}:\d{2})?$/.test(t)) return undefined;
  if (!/(Z|[+-]\d{2}:\d{2})$/.test(t)) t += t.includes('T') ? 'Z' : 'T00:00:00Z';
  const ms = Date.parse(t);
  return Number.isFinite(ms) ? ms : undefined;
}

/** The ISO form `parseUtc` reads back: `2026-01-25T14:03:07Z` (seconds). */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}
