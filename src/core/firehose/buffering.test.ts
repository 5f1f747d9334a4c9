import { describe, expect, it } from 'vitest';
import { DeliveryBuffer, resolveBufferingHints, type BufferedRecord } from './buffering';

const MIB = 1048576;
const resolved = (...args: Parameters<typeof resolveBufferingHints>) => {
  const r = resolveBufferingHints(...args);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
};
const error = (...args: Parameters<typeof resolveBufferingHints>) => {
  const r = resolveBufferingHints(...args);
  return r.ok ? undefined : r.error;
};

describe('resolveBufferingHints — defaults and ranges (spec §3)', () => {
  it('fills in each destination default', () => {
    expect(resolved('ExtendedS3')).toEqual({ sizeBytes: 5 * MIB, intervalMs: 300_000 });
    expect(resolved('S3FormatConversion')).toEqual({ sizeBytes: 128 * MIB, intervalMs: 300_000 });
    expect(resolved('S3DynamicPartitioning')).toEqual({ sizeBytes: 5 * MIB, intervalMs: 300_000 });
    expect(resolved('OpenSearch')).toEqual({ sizeBytes: 5 * MIB, intervalMs: 300_000 });
    expect(resolved('Splunk')).toEqual({ sizeBytes: 5 * MIB, intervalMs: 60_000 });
    expect(resolved('HttpEndpoint')).toEqual({ sizeBytes: 5 * MIB, intervalMs: 300_000 });
    expect(resolved('Snowflake')).toEqual({ sizeBytes: 128 * MIB, intervalMs: 0 });
    expect(resolved('Redshift', {})).toEqual({ sizeBytes: 5 * MIB, intervalMs: 300_000 });
  });

  it('takes configured hints, including zero buffering and the range ends', () => {
    expect(resolved('ExtendedS3', { SizeInMBs: 128, IntervalInSeconds: 0 })).toEqual({ sizeBytes: 128 * MIB, intervalMs: 0 });
    expect(resolved('Splunk', { SizeInMBs: 1, IntervalInSeconds: 60 })).toEqual({ sizeBytes: MIB, intervalMs: 60_000 });
    expect(resolved('HttpEndpoint', { SizeInMBs: 64, IntervalInSeconds: 900 })).toEqual({ sizeBytes: 64 * MIB, intervalMs: 900_000 });
  });

  it("reports model ranges as AWS's ValidationException", () => {
    expect(error('ExtendedS3', { SizeInMBs: 129, IntervalInSeconds: 300 })).toEqual({
      __type: 'ValidationException',
      status: 400,
      message:
        "1 validation error detected: Value '129' at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value less than or equal to 128",
    });
    expect(error('ExtendedS3', { SizeInMBs: 0, IntervalInSeconds: 901 })?.message).toBe(
      "2 validation errors detected: Value '0' at 'extendedS3DestinationConfiguration.bufferingHints.sizeInMBs' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '901' at 'extendedS3DestinationConfiguration.bufferingHints.intervalInSeconds' failed to satisfy constraint: Member must have value less than or equal to 900",
    );
    expect(error('OpenSearch', { SizeInMBs: 101, IntervalInSeconds: 60 })?.message).toMatch(/less than or equal to 100$/);
    expect(error('Splunk', { SizeInMBs: 5, IntervalInSeconds: 61 })?.message).toMatch(/splunkDestinationConfiguration\.bufferingHints\.intervalInSeconds.*less than or equal to 60$/);
    expect(error('Splunk', { SizeInMBs: 6, IntervalInSeconds: 60 })?.message).toMatch(/less than or equal to 5$/);
    expect(error('HttpEndpoint', { SizeInMBs: 65, IntervalInSeconds: 60 })?.message).toMatch(/less than or equal to 64$/);
    expect(error('ExtendedS3', { SizeInMBs: 200, IntervalInSeconds: 60 }, { path: 'extendedS3DestinationUpdate.bufferingHints' })?.message).toContain(
      "at 'extendedS3DestinationUpdate.bufferingHints.sizeInMBs'",
    );
  });

  it('requires both hints or neither (InvalidArgumentException)', () => {
    expect(error('ExtendedS3', { SizeInMBs: 5 })?.__type).toBe('InvalidArgumentException');
    expect(error('ExtendedS3', { IntervalInSeconds: 60 })?.__type).toBe('InvalidArgumentException');
  });

  it('applies the destination floors: 64 MB with format conversion, 60 s with dynamic partitioning', () => {
    expect(error('S3FormatConversion', { SizeInMBs: 63, IntervalInSeconds: 60 })).toEqual({
      __type: 'InvalidArgumentException',
      status: 400,
      message: 'BufferingHints.SizeInMBs must be at least 64 when data format conversion is enabled.',
    });
    expect(resolved('S3FormatConversion', { SizeInMBs: 64, IntervalInSeconds: 0 }).sizeBytes).toBe(64 * MIB);
    expect(error('S3DynamicPartitioning', { SizeInMBs: 5, IntervalInSeconds: 59 })?.__type).toBe('InvalidArgumentException');
    expect(error('S3DynamicPartitioning', { SizeInMBs: 1, IntervalInSeconds: 0 })?.message).toMatch(/IntervalInSeconds must be at least 60/);
    expect(resolved('S3DynamicPartitioning', { SizeInMBs: 1, IntervalInSeconds: 60 })).toEqual({ sizeBytes: MIB, intervalMs: 60_000 });
  });
});

interface Rec extends BufferedRecord {
  readonly id: number;
}
const rec = (id: number, bytes: number, arrival: number): Rec => ({ id, data: new Uint8Array(bytes), arrival });

describe('DeliveryBuffer', () => {
  it('is never due while empty', () => {
    const b = new DeliveryBuffer<Rec>({ sizeBytes: 10, intervalMs: 0 });
    expect(b.due(1e15)).toBe(false);
    expect(b.take()).toBeUndefined();
    expect(b.oldestArrival).toBeUndefined();
    expect(b.deadline).toBeUndefined();
  });

  it('becomes due when the interval has passed since the oldest record', () => {
    const b = new DeliveryBuffer<Rec>({ sizeBytes: MIB, intervalMs: 60_000 });
    b.add(rec(1, 100, 1000));
    b.add(rec(2, 100, 30_000));
    expect(b.count).toBe(2);
    expect(b.bytes).toBe(200);
    expect(b.oldestArrival).toBe(1000);
    expect(b.deadline).toBe(61_000);
    expect(b.due(60_999)).toBe(false);
    expect(b.due(61_000)).toBe(true);
  });

  it('becomes due at once when the size (uncompressed) is reached', () => {
    const b = new DeliveryBuffer<Rec>({ sizeBytes: 1000, intervalMs: 900_000 });
    b.add(rec(1, 600, 0));
    expect(b.due(1)).toBe(false);
    b.add(rec(2, 400, 1));
    expect(b.due(1)).toBe(true);
  });

  it('flushes at once with zero buffering', () => {
    const b = new DeliveryBuffer<Rec>({ sizeBytes: MIB, intervalMs: 0 });
    b.add(rec(1, 1, 5000));
    expect(b.due(5000)).toBe(true);
  });

  it('takes one object at a time, up to the size hint and at least one record', () => {
    const b = new DeliveryBuffer<Rec>({ sizeBytes: 1000, intervalMs: 60_000 });
    b.add(rec(1, 400, 10));
    b.add(rec(2, 400, 20));
    b.add(rec(3, 400, 30));
    b.add(rec(4, 5000, 40));
    b.add(rec(5, 10, 50));
    expect(b.due(50)).toBe(true);
    const first = b.take()!;
    expect(first.records.map((r) => r.id)).toEqual([1, 2]);
    expect(first.bytes).toBe(800);
    expect(first.oldestArrival).toBe(10);
    expect(b.count).toBe(3);
    expect(b.bytes).toBe(5410);
    expect(b.oldestArrival).toBe(30);
    expect(b.take()!.records.map((r) => r.id)).toEqual([3]); // 400 + 5000 would pass the hint
    expect(b.take()!.records.map((r) => r.id)).toEqual([4]); // alone larger than the hint: still one object
    expect(b.due(50)).toBe(false); // 10 bytes, interval not over
    expect(b.due(60_050)).toBe(true);
    expect(b.take()!.records.map((r) => r.id)).toEqual([5]);
    expect(b.count).toBe(0);
    expect(b.bytes).toBe(0);
  });

  it('keeps order and counts across many adds and takes', () => {
    const b = new DeliveryBuffer<Rec>({ sizeBytes: 30, intervalMs: 0 });
    const seen: number[] = [];
    for (let i = 0; i < 5000; i++) {
      b.add(rec(i, 10, i));
      if (i % 7 === 0) while (b.count > 0) seen.push(...b.take()!.records.map((r) => r.id));
    }
    while (b.count > 0) {
      const batch = b.take()!;
      expect(batch.records.length).toBeLessThanOrEqual(3);
      seen.push(...batch.records.map((r) => r.id));
    }
    expect(seen).toEqual(Array.from({ length: 5000 }, (_, i) => i));
    expect(b.bytes).toBe(0);
  });
});
