import type { KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { LIMITS } from '../limits.js';
import type { RetentionInput } from '../types.js';

function checkRange(hours: number): Result<void> {
  if (hours < LIMITS.retentionMinHours) {
    return fail('InvalidArgumentException', `Minimum allowed retention period is ${LIMITS.retentionMinHours} hours. Requested retention period (${hours} hours) is too short.`);
  }
  if (hours > LIMITS.retentionMaxHours) {
    return fail('InvalidArgumentException', `Maximum allowed retention period is ${LIMITS.retentionMaxHours} hours. Requested retention period (${hours} hours) is too long.`);
  }
  return ok(undefined);
}

/** IncreaseStreamRetentionPeriod: longer retention; data already trimmed stays gone. */
export function increaseStreamRetentionPeriod(e: KinesisEngine, input: RetentionInput): Result<Record<string, never>> {
  const r = e.stream(input, 'active');
  if (!r.ok) return r;
  const s = r.value, hours = input.RetentionPeriodHours;
  const range = checkRange(hours);
  if (!range.ok) return range;
  if (hours < s.retentionHours) {
    return fail('InvalidArgumentException',
      `Requested retention period (${hours} hours) for stream ${s.name} can not be shorter than existing retention period (${s.retentionHours} hours). Use DecreaseRetentionPeriod API.`);
  }
  s.retentionHours = hours;
  return ok({});
}

/** DecreaseStreamRetentionPeriod: shorter retention; older records become unreadable at once. */
export function decreaseStreamRetentionPeriod(e: KinesisEngine, input: RetentionInput): Result<Record<string, never>> {
  const r = e.stream(input, 'active');
  if (!r.ok) return r;
  const s = r.value, hours = input.RetentionPeriodHours;
  const range = checkRange(hours);
  if (!range.ok) return range;
  if (hours > s.retentionHours) {
    return fail('InvalidArgumentException',
      `Requested retention period (${hours} hours) for stream ${s.name} can not be longer than existing retention period (${s.retentionHours} hours). Use IncreaseRetentionPeriod API.`);
  }
  s.retentionHours = hours;
  const horizon = e.now() - hours * 3_600_000;
  for (const shard of s.shards) shard.trim(horizon);
  return ok({});
}
