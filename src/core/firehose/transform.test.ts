import { describe, expect, it } from 'vitest';
import { encodeBase64 } from '../util/base64';
import {
  LAMBDA_ERRORS, MAX_RESPONSE_BYTES, buildTransformEvent, checkTransformResponse, processingFailedRecord, type TransformOutcome,
} from './transform';

const text = new TextEncoder();
const b64 = (s: string) => encodeBase64(text.encode(s));
const perRecord = (o: TransformOutcome) => {
  if ('batchError' in o) throw new Error('unexpected batch error');
  return o;
};

describe('buildTransformEvent', () => {
  it("builds AWS's event for a Direct PUT source (no sourceKinesisStreamArn, no metadata)", () => {
    const event = buildTransformEvent({
      invocationId: '00540a87-5050-496a-84e4-e7d92bbaf5e2',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/my-stream',
      region: 'us-east-1',
      records: [{ recordId: 'r1', data: 'SGVsbG8gV29ybGQ=', approximateArrivalTimestamp: 1495072949453 }],
    });
    expect(JSON.stringify(event)).toBe(
      '{"invocationId":"00540a87-5050-496a-84e4-e7d92bbaf5e2","deliveryStreamArn":"arn:aws:firehose:us-east-1:123456789012:deliverystream/my-stream",' +
        '"region":"us-east-1","records":[{"recordId":"r1","approximateArrivalTimestamp":1495072949453,"data":"SGVsbG8gV29ybGQ="}]}',
    );
  });

  it('adds the source stream and kinesisRecordMetadata for a Kinesis source, in spec order', () => {
    const meta = {
      shardId: 'shardId-000000000000', partitionKey: 'pk', approximateArrivalTimestamp: 1495072949453,
      sequenceNumber: '4954', subsequenceNumber: '',
    };
    const event = buildTransformEvent({
      region: 'us-east-1',
      records: [{ kinesisRecordMetadata: meta, data: 'AA==', approximateArrivalTimestamp: 5, recordId: 'r' }],
      sourceKinesisStreamArn: 'arn:aws:kinesis:us-east-1:123456789012:stream/src',
      deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/d',
      invocationId: 'i',
    });
    expect(Object.keys(event)).toEqual(['invocationId', 'deliveryStreamArn', 'sourceKinesisStreamArn', 'region', 'records']);
    expect(Object.keys(event.records[0]!)).toEqual(['recordId', 'approximateArrivalTimestamp', 'data', 'kinesisRecordMetadata']);
    expect(event.records[0]!.kinesisRecordMetadata).toEqual(meta);
  });
});

describe('checkTransformResponse', () => {
  it('sorts every input record into ok, dropped or failed', () => {
    const out = perRecord(checkTransformResponse(['a', 'b', 'c'], {
      records: [
        { recordId: 'a', result: 'Ok', data: b64('HELLO'), metadata: { partitionKeys: { customerId: '1234', year: 2024 } } },
        { recordId: 'b', result: 'Dropped' },
        { recordId: 'c', result: 'ProcessingFailed', data: b64('x') },
      ],
    }));
    expect(new TextDecoder().decode(out.ok.get('a')!.data)).toBe('HELLO');
    expect(out.ok.get('a')!.partitionKeys).toEqual({ customerId: '1234', year: '2024' });
    expect([...out.dropped]).toEqual(['b']);
    expect(out.failed.get('c')).toEqual(LAMBDA_ERRORS.processingFailed);
    expect(out.ok.size + out.dropped.size + out.failed.size).toBe(3);
  });

  it('fails a missing record alone with Lambda.MissingRecordId and ignores unknown ids', () => {
    const out = perRecord(checkTransformResponse(['a', 'b'], {
      records: [{ recordId: 'a', result: 'Ok', data: '' }, { recordId: 'zzz', result: 'Ok', data: b64('?') }],
    }));
    expect(out.ok.get('a')!.data).toEqual(new Uint8Array(0)); // empty data is still data
    expect(out.failed.get('b')).toEqual({
      errorCode: 'Lambda.MissingRecordId',
      errorMessage: 'One or more record Ids were not returned. Ensure that the Lambda function returns all received record Ids.',
    });
    expect(out.ok.has('zzz')).toBe(false);
    expect(out.failed.has('zzz')).toBe(false);
  });

  it('fails a duplicated id with Lambda.DuplicatedRecordId', () => {
    const out = perRecord(checkTransformResponse(['a', 'b'], {
      records: [
        { recordId: 'a', result: 'Ok', data: b64('1') },
        { recordId: 'a', result: 'Ok', data: b64('2') },
        { recordId: 'b', result: 'Dropped' },
      ],
    }));
    expect(out.failed.get('a')!.errorCode).toBe('Lambda.DuplicatedRecordId');
    expect(out.ok.has('a')).toBe(false);
    expect(out.dropped.has('b')).toBe(true);
  });

  it('rejects an unknown result, Ok without data, and data that is not base64', () => {
    const out = perRecord(checkTransformResponse(['a', 'b', 'c', 'd'], {
      records: [
        { recordId: 'a', result: 'OK', data: b64('x') },
        { recordId: 'b', result: 'Ok' },
        { recordId: 'c', result: 'Ok', data: 'not base64!' },
        { recordId: 'd', result: 'Ok', data: 42 },
      ],
    }));
    expect(out.failed.get('a')).toEqual(LAMBDA_ERRORS.invalidResult);
    expect(out.failed.get('b')!.errorMessage).toMatch(/^The data field cannot be null when the SourceType is DirectPut/);
    expect(out.failed.get('c')).toEqual(LAMBDA_ERRORS.invalidData);
    expect(out.failed.get('d')).toEqual(LAMBDA_ERRORS.invalidData);
    expect(out.ok.size).toBe(0);
  });

  it('treats a response without a records array as every record missing (not retried)', () => {
    for (const response of [null, 'text', [], {}, { records: 'no' }]) {
      const out = perRecord(checkTransformResponse(['a', 'b'], response));
      expect([...out.failed.values()].map((e) => e.errorCode)).toEqual(['Lambda.MissingRecordId', 'Lambda.MissingRecordId']);
    }
  });

  it('fails the whole batch, retryably, when the response exceeds 6 MB', () => {
    expect(checkTransformResponse(['a'], { records: [] }, MAX_RESPONSE_BYTES + 1)).toEqual({
      batchError: { ...LAMBDA_ERRORS.functionError, retryable: true },
    });
    const big = { records: [{ recordId: 'a', result: 'Ok', data: 'A'.repeat(MAX_RESPONSE_BYTES) }] };
    expect('batchError' in checkTransformResponse(['a'], big)).toBe(true);
    expect('batchError' in checkTransformResponse(['a'], { records: [{ recordId: 'a', result: 'Dropped' }] })).toBe(false);
  });
});

describe('processingFailedRecord', () => {
  it("writes AWS's processing-failed line, numbers as numbers, fields in AWS's order", () => {
    expect(processingFailedRecord({
      attemptsMade: 4,
      arrivalTimestamp: 1654705063218,
      ...LAMBDA_ERRORS.functionError,
      attemptEndingTimestamp: 1654705152242,
      rawData: 'eyJ9',
      lambdaArn: 'arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST',
    })).toBe(
      '{"attemptsMade":4,"arrivalTimestamp":1654705063218,"errorCode":"Lambda.FunctionError",' +
        '"errorMessage":"The Lambda function was successfully invoked but it returned an error result.",' +
        '"attemptEndingTimestamp":1654705152242,"rawData":"eyJ9","lambdaArn":"arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST"}',
    );
  });
});
