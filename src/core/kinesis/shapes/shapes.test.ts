import { describe, expect, it } from 'vitest';
import { KinesisOperations } from '../operations';
import { encodeBase64 } from '../../util/base64';
import { validate } from '../validation/validate';
import { shapes } from './index';

/** The ValidationException message for `body` sent to `op` (fails the test otherwise). */
function messageOf(op: keyof typeof shapes, body: unknown): string {
  const r = validate(shapes[op], body);
  if (r.ok) throw new Error(`${op} accepted ${JSON.stringify(body)}`);
  expect(r.error.__type).toBe('ValidationException');
  return r.error.message;
}
const one = (text: string): string => `1 validation error detected: ${text}`;

describe('shapes', () => {
  it('has a table for every operation, each accepting an empty body or reporting only missing members', () => {
    for (const op of KinesisOperations) {
      expect(shapes[op], op).toBeTypeOf('object');
      const r = validate(shapes[op], {});
      if (!r.ok) expect(r.error.message.split('; ').every((e) => e.endsWith('Member must not be null')), op).toBe(true);
    }
  });

  it('PutRecord: a 257-character partition key', () => {
    const key = 'a'.repeat(257);
    expect(messageOf('PutRecord', { StreamName: 's', PartitionKey: key, Data: '' })).toBe(
      one(`Value '${key}' at 'partitionKey' failed to satisfy constraint: Member must have length less than or equal to 256`),
    );
  });

  it('PutRecord: empty values give AWS’s five errors in AWS’s order (kinesalite capture)', () => {
    expect(messageOf('PutRecord', { StreamName: '', PartitionKey: '', Data: '', ExplicitHashKey: '', SequenceNumberForOrdering: '' })).toBe(
      '5 validation errors detected: ' +
        "Value '' at 'sequenceNumberForOrdering' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128}); " +
        "Value '' at 'partitionKey' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38}); " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('PutRecord: Data is required and checked', () => {
    expect(messageOf('PutRecord', { StreamName: 's', PartitionKey: 'k' })).toBe(
      one("Value null at 'data' failed to satisfy constraint: Member must not be null"),
    );
    const r = validate(shapes.PutRecord, { StreamName: 's', PartitionKey: 'k', Data: 'aGk=', DryRun: true });
    expect(r).toEqual({ ok: true, value: { StreamName: 's', PartitionKey: 'k', Data: 'aGk=', DryRun: true } });
  });

  it('PutRecords: 501 records', () => {
    const records = Array.from({ length: 501 }, () => ({ Data: 'AA==', PartitionKey: 'a' }));
    const message = messageOf('PutRecords', { StreamName: 's', Records: records });
    expect(message.startsWith("1 validation error detected: Value '[")).toBe(true);
    expect(message.endsWith("]' at 'records' failed to satisfy constraint: Member must have length less than or equal to 500")).toBe(true);
  });

  it('PutRecords: no records, and a bad field inside an entry', () => {
    expect(messageOf('PutRecords', { StreamName: 's', Records: [] })).toBe(
      one("Value '[]' at 'records' failed to satisfy constraint: Member must have length greater than or equal to 1"),
    );
    const records = [{ Data: 'AA==', PartitionKey: 'a' }, { Data: 'AA==', PartitionKey: 'b', ExplicitHashKey: '-1' }];
    expect(messageOf('PutRecords', { StreamName: 's', Records: records })).toBe(
      one("Value '-1' at 'records.2.member.explicitHashKey' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,38})"),
    );
  });

  it('PutRecords: 500 records of 1 KiB validate, data kept as text', () => {
    const data = encodeBase64(new Uint8Array(1024).fill(7));
    const records = Array.from({ length: 500 }, (_, i) => ({ Data: data, PartitionKey: `k${i}` }));
    const r = validate(shapes.PutRecords, { StreamName: 's', Records: records });
    if (!r.ok) throw new Error(r.error.message);
    const out = r.value.Records as { Data: string; PartitionKey: string }[];
    expect(out).toHaveLength(500);
    expect(out[499]!.Data).toBe(data);
    expect(out[499]!.PartitionKey).toBe('k499');
  });

  it('DescribeStreamSummary: a stream name outside the pattern, and a bad ARN', () => {
    expect(messageOf('DescribeStreamSummary', { StreamName: 'my stream' })).toBe(
      one("Value 'my stream' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+"),
    );
    expect(messageOf('DescribeStreamSummary', { StreamARN: 'arn:aws:kinesis:us-east-1:12345:stream/s' })).toBe(
      one("Value 'arn:aws:kinesis:us-east-1:12345:stream/s' at 'streamARN' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:aws.*:kinesis:.*:\\d{12}:stream/\\S+"),
    );
    expect(validate(shapes.DescribeStreamSummary, { StreamARN: 'arn:aws:kinesis:us-east-1:123456789012:stream/s' }).ok).toBe(true);
  });

  it('CreateStream: ShardCount 0 and an empty name (kinesalite capture)', () => {
    expect(messageOf('CreateStream', { StreamName: '', ShardCount: 0 })).toBe(
      '3 validation errors detected: ' +
        "Value '0' at 'shardCount' failed to satisfy constraint: Member must have value greater than or equal to 1; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('CreateStream: on-demand without ShardCount passes; a bad mode and record size fail', () => {
    expect(validate(shapes.CreateStream, { StreamName: 's', StreamModeDetails: { StreamMode: 'ON_DEMAND' } }).ok).toBe(true);
    expect(messageOf('CreateStream', { StreamName: 's', StreamModeDetails: { StreamMode: 'FAST' }, MaxRecordSizeInKiB: 100 })).toBe(
      '2 validation errors detected: ' +
        "Value 'FAST' at 'streamModeDetails.streamMode' failed to satisfy constraint: Member must satisfy enum value set: [PROVISIONED, ON_DEMAND]; " +
        "Value '100' at 'maxRecordSizeInKiB' failed to satisfy constraint: Member must have value greater than or equal to 1024",
    );
  });

  it('GetShardIterator: empty values (kinesalite capture, including the enum order)', () => {
    expect(messageOf('GetShardIterator', { StreamName: '', ShardIteratorType: '', ShardId: '', StartingSequenceNumber: '' })).toBe(
      '6 validation errors detected: ' +
        "Value '' at 'shardId' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'shardId' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'shardIteratorType' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SEQUENCE_NUMBER, LATEST, AT_TIMESTAMP, AT_SEQUENCE_NUMBER, TRIM_HORIZON]; " +
        "Value '' at 'startingSequenceNumber' failed to satisfy constraint: Member must satisfy regular expression pattern: 0|([1-9]\\d{0,128}); " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
  });

  it('GetShardIterator: the timestamp arrives in ms', () => {
    const r = validate(shapes.GetShardIterator, { StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: 1459799926.48 });
    expect(r.ok && r.value.Timestamp).toBe(1459799926480);
  });

  it('ListShards: a bad ShardFilter type and MaxResults over 10000', () => {
    expect(messageOf('ListShards', { StreamName: 's', MaxResults: 10001, ShardFilter: { Type: 'LATEST' } })).toBe(
      '2 validation errors detected: ' +
        "Value '10001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 10000; " +
        "Value 'LATEST' at 'shardFilter.type' failed to satisfy constraint: Member must satisfy enum value set: [AFTER_SHARD_ID, AT_TRIM_HORIZON, FROM_TRIM_HORIZON, AT_LATEST, AT_TIMESTAMP, FROM_TIMESTAMP]",
    );
  });

  it('AddTagsToStream: empty tags and an empty name (kinesalite capture); a long tag value', () => {
    expect(messageOf('AddTagsToStream', { StreamName: '', Tags: {} })).toBe(
      '3 validation errors detected: ' +
        "Value '{}' at 'tags' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+; " +
        "Value '' at 'streamName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    );
    const value = 'v'.repeat(257);
    expect(messageOf('AddTagsToStream', { StreamName: 's', Tags: { k: value } })).toBe(
      one(`Value '{k=${value}}' at 'tags' failed to satisfy constraint: Map value must satisfy constraint: [Member must have length less than or equal to 256, Member must have length greater than or equal to 0]`),
    );
  });

  it('RemoveTagsFromStream: a long tag key is reported on the list (kinesalite capture)', () => {
    const name = 'a'.repeat(129);
    expect(messageOf('RemoveTagsFromStream', { StreamName: 's', TagKeys: ['a', name, 'b'] })).toBe(
      one(`Value '[a, ${name}, b]' at 'tagKeys' failed to satisfy constraint: Member must satisfy constraint: [Member must have length less than or equal to 128, Member must have length greater than or equal to 1]`),
    );
  });

  it('GetRecords and retention: required members and ranges', () => {
    expect(messageOf('GetRecords', { ShardIterator: 'x', Limit: 0 })).toBe(
      one("Value '0' at 'limit' failed to satisfy constraint: Member must have value greater than or equal to 1"),
    );
    expect(messageOf('IncreaseStreamRetentionPeriod', { StreamName: 's' })).toBe(
      one("Value null at 'retentionPeriodHours' failed to satisfy constraint: Member must not be null"),
    );
    expect(validate(shapes.DecreaseStreamRetentionPeriod, { StreamName: 's', RetentionPeriodHours: 1 }).ok).toBe(true);
    expect(messageOf('ListTagsForStream', { StreamName: 's', Limit: 51 })).toBe(
      one("Value '51' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50"),
    );
  });
});
