import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  KinesisServiceException,
  ListStreamsCommand,
  PutRecordCommand,
  PutRecordsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import type { Result } from '../core/kinesis/errors.js';
import { createJsonRouter, header, type JsonService, type WireRequest } from './awsJson.js';
import { createRequestHandler } from './requestHandler.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** A fake Kinesis: records every dispatch and answers with whatever `answer` says. */
function fakeService(answer: (op: string, input: unknown, call: number) => Result<unknown> | Promise<Result<unknown>>) {
  const calls: { op: string; input: unknown }[] = [];
  const service: JsonService = {
    targetPrefix: 'Kinesis_20131202',
    async dispatch(op, input) {
      calls.push({ op, input });
      return answer(op, input, calls.length);
    },
  };
  return { service, calls };
}

const quiet = { onInternalError: () => {} };

function clientFor(service: JsonService, maxAttempts = 1): KinesisClient {
  return new KinesisClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    maxAttempts,
    requestHandler: createRequestHandler(createJsonRouter([service], quiet)),
  });
}

const post = (target: string | undefined, body: WireRequest['body']): WireRequest => ({
  method: 'POST',
  path: '/',
  headers: target === undefined ? { 'content-type': 'application/x-amz-json-1.1' } : { 'content-type': 'application/x-amz-json-1.1', 'x-amz-target': target },
  body,
});
const json = (body: Uint8Array): unknown => (body.byteLength ? JSON.parse(new TextDecoder().decode(body)) : undefined);

describe('through a real KinesisClient', () => {
  it('delivers PutRecord with base64 Data to dispatch and returns its output', async () => {
    const { service, calls } = fakeService(() => ({ ok: true, value: { ShardId: 'shardId-000000000000', SequenceNumber: '4954', EncryptionType: undefined } }));
    const out = await clientFor(service).send(new PutRecordCommand({ StreamName: 's', Data: new Uint8Array([1, 2, 3]), PartitionKey: 'pk' }));
    expect(calls).toEqual([{ op: 'PutRecord', input: { StreamName: 's', Data: 'AQID', PartitionKey: 'pk' } }]);
    expect(out.ShardId).toBe('shardId-000000000000');
    expect(out.SequenceNumber).toBe('4954');
    expect(out.$metadata.httpStatusCode).toBe(200);
    expect(out.$metadata.requestId).toMatch(UUID);
  });

  it('turns output Uint8Array into SDK bytes and epoch seconds into a Date', async () => {
    const record = { SequenceNumber: '1', ApproximateArrivalTimestamp: 1700000000.123, Data: new Uint8Array([1, 2, 3]), PartitionKey: 'pk' };
    const { service } = fakeService(() => ({ ok: true, value: { Records: [record], NextShardIterator: 'it2', MillisBehindLatest: 0 } }));
    const out = await clientFor(service).send(new GetRecordsCommand({ ShardIterator: 'it' }));
    const r = out.Records?.[0];
    expect(r?.Data).toBeInstanceOf(Uint8Array);
    expect(Array.from(r?.Data ?? [])).toEqual([1, 2, 3]);
    expect(r?.ApproximateArrivalTimestamp).toBeInstanceOf(Date);
    expect(r?.ApproximateArrivalTimestamp?.getTime()).toBe(1700000000123);
    expect(out.NextShardIterator).toBe('it2');
  });

  it('sends input timestamps as epoch seconds with a millisecond fraction', async () => {
    const { service, calls } = fakeService(() => ({ ok: true, value: { ShardIterator: 'it' } }));
    await clientFor(service).send(
      new GetShardIteratorCommand({ StreamName: 's', ShardId: 'shardId-000000000000', ShardIteratorType: 'AT_TIMESTAMP', Timestamp: new Date(1700000000123) }),
    );
    expect((calls[0]?.input as { Timestamp: unknown }).Timestamp).toBe(1700000000.123);
  });

  it('sends {} for a call without members, and accepts an empty 200 body', async () => {
    const { service, calls } = fakeService(() => ({ ok: true, value: undefined }));
    const out = await clientFor(service).send(new CreateStreamCommand({ StreamName: 's', ShardCount: 1 }));
    expect(out.$metadata.httpStatusCode).toBe(200);
    await clientFor(service).send(new ListStreamsCommand({}));
    expect(calls[1]).toEqual({ op: 'ListStreams', input: {} });
  });

  it('rebuilds a ResourceNotFoundException with its message and status', async () => {
    const message = 'Stream x under account 000000000000 not found.';
    const { service } = fakeService(() => ({ ok: false, error: { __type: 'ResourceNotFoundException', message, status: 400 } }));
    const err: unknown = await clientFor(service).send(new GetShardIteratorCommand({ StreamName: 'x', ShardId: 'shardId-000000000000', ShardIteratorType: 'LATEST' })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceNotFoundException);
    const e = err as ResourceNotFoundException;
    expect(e.name).toBe('ResourceNotFoundException');
    expect(e.message).toBe(message);
    expect(e.$fault).toBe('client');
    expect(e.$metadata.httpStatusCode).toBe(400);
    expect(e.$metadata.requestId).toMatch(UUID);
  });

  it('surfaces InternalFailure (500) as a server-fault service exception', async () => {
    const { service, calls } = fakeService(() => ({ ok: false, error: { __type: 'InternalFailure', message: 'Internal service failure.', status: 500 } }));
    const err = (await clientFor(service).send(new ListStreamsCommand({})).catch((e: unknown) => e)) as KinesisServiceException;
    // The Kinesis model has no `InternalFailure` shape (only InternalFailureException), so the
    // SDK builds its generic service exception named after the wire __type.
    expect(err).toBeInstanceOf(KinesisServiceException);
    expect(err.name).toBe('InternalFailure');
    expect(err.message).toBe('Internal service failure.');
    expect(err.$fault).toBe('server');
    expect(err.$metadata.httpStatusCode).toBe(500);
    expect(calls).toHaveLength(1); // maxAttempts: 1
  });

  it('answers a throwing service with 500 InternalFailure instead of crashing', async () => {
    const { service } = fakeService(() => {
      throw new Error('boom');
    });
    const err = (await clientFor(service).send(new ListStreamsCommand({})).catch((e: unknown) => e)) as KinesisServiceException;
    expect(err.name).toBe('InternalFailure');
    expect(err.message).toContain('boom');
    expect(err.$metadata.httpStatusCode).toBe(500);
  });

  it('works with SDK retries disabled and enabled (a 500 is retried, then succeeds)', async () => {
    const flaky = () =>
      fakeService((_op, _in, call) =>
        call === 1 ? { ok: false, error: { __type: 'InternalFailure', message: 'Internal service failure.', status: 500 } } : { ok: true, value: { FailedRecordCount: 0, Records: [] } },
      );
    const records = Array.from({ length: 500 }, (_, i) => ({ Data: new Uint8Array(1024).fill(i & 255), PartitionKey: `pk${i}` }));
    const once = flaky();
    await expect(clientFor(once.service, 1).send(new PutRecordsCommand({ StreamName: 's', Records: records }))).rejects.toMatchObject({ name: 'InternalFailure' });
    expect(once.calls).toHaveLength(1);

    const retried = flaky();
    const out = await clientFor(retried.service, 3).send(new PutRecordsCommand({ StreamName: 's', Records: records }));
    expect(out.$metadata.attempts).toBe(2);
    expect(out.FailedRecordCount).toBe(0);
    expect(retried.calls).toHaveLength(2);
    // Every attempt carries the whole, identical body.
    expect(retried.calls[1]?.input).toEqual(retried.calls[0]?.input);
    expect((retried.calls[0]?.input as { Records: unknown[] }).Records).toHaveLength(500);
  });

  it('rejects with AbortError, without dispatching, when the signal is already aborted', async () => {
    const { service, calls } = fakeService(() => ({ ok: true, value: {} }));
    const ac = new AbortController();
    ac.abort();
    const err = await clientFor(service).send(new ListStreamsCommand({}), { abortSignal: ac.signal }).catch((e: unknown) => e);
    expect((err as Error).name).toBe('AbortError');
    expect(calls).toHaveLength(0);
  });
});

describe('requestHandler', () => {
  const handler = (answer: Parameters<typeof fakeService>[0]) => createRequestHandler(createJsonRouter([fakeService(answer).service], quiet));
  const request = { method: 'POST', protocol: 'https:', hostname: 'h', path: '/', query: {}, headers: { 'x-amz-target': 'Kinesis_20131202.ListStreams' }, body: '{}' };

  it('rejects an already-aborted call with AbortError carrying the reason as cause', async () => {
    const ac = new AbortController();
    const reason = new Error('stop');
    ac.abort(reason);
    const err = (await handler(() => ({ ok: true, value: {} })).handle(request, { abortSignal: ac.signal }).catch((e: unknown) => e)) as Error;
    expect(err.name).toBe('AbortError');
    expect(err.message).toBe('Request aborted');
    expect(err.cause).toBe(reason);
  });

  it('rejects a pending call as soon as it is aborted', async () => {
    const ac = new AbortController();
    const pending = handler(() => new Promise<never>(() => {})).handle(request, { abortSignal: ac.signal });
    ac.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('presents lower-case header names and a Uint8Array body, like Node http and fetch', async () => {
    const h = handler(() => ({ ok: true, value: { StreamNames: [] } }));
    const { response } = await h.handle({ ...request, body: new TextEncoder().encode('{}') });
    expect(response.statusCode).toBe(200);
    expect(response.headers['x-amzn-requestid']).toMatch(UUID);
    expect(response.headers['content-type']).toBe('application/x-amz-json-1.1');
    expect(response.body).toBeInstanceOf(Uint8Array);
    expect(json(response.body as Uint8Array)).toEqual({ StreamNames: [] });
    h.updateHttpClientConfig('requestTimeout', 5);
    expect(h.httpHandlerConfigs()).toEqual({ requestTimeout: 5 });
  });
});

describe('router', () => {
  const ok = () => fakeService((_op, input) => ({ ok: true, value: { Echo: input } }));

  it.each([
    ['a missing target', undefined],
    ['an unknown prefix', 'Firehose_20150804.PutRecord'],
    ['a target without an operation', 'Kinesis_20131202.'],
    ['a target without a dot', 'Kinesis_20131202'],
  ])('answers %s with a bare 400 UnknownOperationException', async (_name, target) => {
    const { service, calls } = ok();
    const res = await createJsonRouter([service])(post(target, '{}'));
    expect(res.statusCode).toBe(400);
    expect(json((res.body as Uint8Array))).toEqual({ __type: 'UnknownOperationException' });
    expect(res.headers['x-amzn-ErrorType']).toBe('UnknownOperationException');
    expect(res.headers['x-amzn-RequestId']).toMatch(UUID);
    expect(calls).toHaveLength(0);
  });

  it.each([['{"StreamName": '], ['not json'], ['[1]'], ['"s"'], ['null']])('answers the body %s with 400 SerializationException', async (body) => {
    const { service, calls } = ok();
    const res = await createJsonRouter([service])(post('Kinesis_20131202.ListStreams', body));
    expect(res.statusCode).toBe(400);
    expect(json((res.body as Uint8Array))).toMatchObject({ __type: 'SerializationException', message: expect.any(String) });
    expect(res.headers['Content-Type']).toBe('application/x-amz-json-1.1');
    expect(calls).toHaveLength(0);
  });

  it.each([[undefined], [''], [new Uint8Array(0)], ['  \n']])('treats the empty body %j as {}', async (body) => {
    const { service, calls } = ok();
    const res = await createJsonRouter([service])(post('Kinesis_20131202.ListStreams', body));
    expect(res.statusCode).toBe(200);
    expect(calls).toEqual([{ op: 'ListStreams', input: {} }]);
  });

  it('looks headers up case-insensitively and decodes a UTF-8 body', async () => {
    const { service, calls } = ok();
    const body = new TextEncoder().encode('{"StreamName":"s","PartitionKey":"клава"}');
    const res = await createJsonRouter([service])({ method: 'post', path: '/x', headers: { 'X-Amz-Target': 'Kinesis_20131202.PutRecord' }, body });
    expect(res.statusCode).toBe(200);
    expect(calls).toEqual([{ op: 'PutRecord', input: { StreamName: 's', PartitionKey: 'клава' } }]);
    expect(header({ 'X-AMZ-TARGET': 'a' }, 'x-amz-target')).toBe('a');
  });

  it('routes by prefix to the right service and lets it answer unknown operations', async () => {
    const kds = fakeService((op) => ({ ok: false, error: { __type: 'UnknownOperationException', message: `no ${op}`, status: 400 } }));
    const firehose = { ...ok().service, targetPrefix: 'Firehose_20150804' };
    const route = createJsonRouter([kds.service, firehose]);
    expect(json((await route(post('Firehose_20150804.PutRecord', '{"a":1}'))).body as Uint8Array)).toEqual({ Echo: { a: 1 } });
    const res = await route(post('Kinesis_20131202.Nope', '{}'));
    expect(json((res.body as Uint8Array))).toEqual({ __type: 'UnknownOperationException', message: 'no Nope' });
    expect(kds.calls).toEqual([{ op: 'Nope', input: {} }]);
  });

  it('writes blobs as base64, omits undefined members and sets AWS headers', async () => {
    const { service } = fakeService(() => ({ ok: true, value: { Data: new Uint8Array([0xff, 0, 1, 2]), Gone: undefined, List: [{ D: new Uint8Array(0) }] } }));
    const res = await createJsonRouter([service])(post('Kinesis_20131202.X', '{}'));
    expect(new TextDecoder().decode((res.body as Uint8Array))).toBe('{"Data":"/wABAg==","List":[{"D":""}]}');
    expect(res.headers['Content-Length']).toBe(String((res.body as Uint8Array).byteLength));
    expect(res.headers['x-amzn-ErrorType']).toBeUndefined();
  });

  it('answers a failure with its status, x-amzn-ErrorType and {__type, message}', async () => {
    const { service } = fakeService(() => ({ ok: false, error: { __type: 'LimitExceededException', message: 'Rate exceeded', status: 400 } }));
    const res = await createJsonRouter([service])(post('Kinesis_20131202.CreateStream', '{}'));
    expect(res.statusCode).toBe(400);
    expect(res.headers['x-amzn-ErrorType']).toBe('LimitExceededException');
    expect(json((res.body as Uint8Array))).toEqual({ __type: 'LimitExceededException', message: 'Rate exceeded' });
  });

  it('turns a throw or an unserialisable output into 500 InternalFailure and reports it', async () => {
    const seen: string[] = [];
    const onInternalError = (_e: unknown, target: string) => seen.push(target);
    const throwing = fakeService(() => Promise.reject(new Error('bug')));
    const bigint = fakeService(() => ({ ok: true, value: { N: 1n } }));
    for (const s of [throwing.service, bigint.service]) {
      const res = await createJsonRouter([s], { onInternalError })(post('Kinesis_20131202.PutRecord', '{}'));
      expect(res.statusCode).toBe(500);
      expect(json((res.body as Uint8Array))).toMatchObject({ __type: 'InternalFailure', message: expect.stringContaining('Internal service failure.') });
    }
    expect(seen).toEqual(['Kinesis_20131202.PutRecord', 'Kinesis_20131202.PutRecord']);
  });

  it('answers a non-POST request with 403 AccessDeniedException', async () => {
    const res = await createJsonRouter([ok().service])({ ...post('Kinesis_20131202.ListStreams', '{}'), method: 'GET' });
    expect(res.statusCode).toBe(403);
    expect(json((res.body as Uint8Array))).toMatchObject({ __type: 'AccessDeniedException' });
  });
});
