import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../util/base64.js';
import { md5, toHex } from '../util/md5.js';
import { KinesisAgent, type AgentDestinations, type FlowCheckpoint } from './agent.js';
import { VirtualFileSystem } from './vfs.js';

const text = (b64: string): string => new TextDecoder().decode(decodeBase64(b64));

/** A fake stream: records delivered in order, the sizes of the calls; `fail` may reject a record. */
function fakeStream(fail?: (call: number, index: number, data: string) => string | undefined) {
  const delivered: { data: string; key: string }[] = [];
  const calls: { at: number; size: number }[] = [];
  let now = 0;
  const destinations: AgentDestinations = {
    putRecords(_stream, records) {
      const call = calls.length;
      calls.push({ at: now, size: records.length });
      const out = records.map((r, i) => {
        const code = fail?.(call, i, text(r.Data));
        if (code) return { ErrorCode: code, ErrorMessage: 'Rate exceeded for shard shardId-000000000000' };
        delivered.push({ data: text(r.Data), key: r.PartitionKey });
        return { SequenceNumber: String(delivered.length), ShardId: 'shardId-000000000000' };
      });
      return { ok: true, value: { FailedRecordCount: out.filter((o) => 'ErrorCode' in o).length, Records: out } };
    },
  };
  return { delivered, calls, destinations, setNow: (t: number) => void (now = t) };
}

const config = (flow: Record<string, unknown> = {}): string =>
  JSON.stringify({ flows: [{ filePattern: '/var/log/app.log*', kinesisStream: 'logs', initialPosition: 'START_OF_FILE', maxBufferAgeMillis: 1000, ...flow }] });

async function runUntil(agent: KinesisAgent, from: number, to: number, step = 100, onTick?: (t: number) => void): Promise<void> {
  for (let t = from; t <= to; t += step) {
    onTick?.(t);
    await agent.tick(t);
  }
}

const lines = (from: number, to: number): string => Array.from({ length: to - from }, (_, i) => `line ${from + i}\n`).join('');
const expectLines = (delivered: { data: string }[], from: number, to: number): void =>
  expect(delivered.map((d) => d.data)).toEqual(Array.from({ length: to - from }, (_, i) => `line ${from + i}\n`));

describe('tailing and sending', () => {
  it('sends each line (with its newline) once the buffer is maxBufferAgeMillis old; DETERMINISTIC keys are MD5 hex', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream();
    const agent = new KinesisAgent({ config: config({ partitionKeyOption: 'DETERMINISTIC' }), vfs: fs, destinations: s.destinations });
    fs.append('/var/log/app.log', lines(0, 3) + 'partial');
    await runUntil(agent, 0, 900);
    expect(s.calls).toHaveLength(0);
    await agent.tick(1000);
    expectLines(s.delivered, 0, 3);
    expect(s.delivered[0]!.key).toBe(toHex(md5(new TextEncoder().encode('line 0\n'))));
    expect(agent.checkpoints()).toEqual([expect.objectContaining({ flow: 'kinesis:logs:/var/log/app.log*', path: '/var/log/app.log', offset: 21 })]);
  });

  it('END_OF_FILE (the default) skips what the file held before the agent started', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream();
    fs.append('/var/log/app.log', lines(0, 5));
    const agent = new KinesisAgent({ config: config({ initialPosition: 'END_OF_FILE' }), vfs: fs, destinations: s.destinations });
    await agent.tick(0);
    fs.append('/var/log/app.log', lines(5, 7));
    await runUntil(agent, 100, 2000);
    expectLines(s.delivered, 5, 7);
  });

  it('END_OF_FILE is the end when the agent starts: a line written before its first poll is sent', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream();
    fs.append('/var/log/app.log', lines(0, 5));
    const agent = new KinesisAgent({ config: config({ initialPosition: 'END_OF_FILE' }), vfs: fs, destinations: s.destinations });
    fs.append('/var/log/app.log', lines(5, 6));
    await runUntil(agent, 100, 2000);
    expectLines(s.delivered, 5, 6);
  });

  it('seals a buffer at maxBufferSizeRecords and at maxBufferSizeBytes', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream();
    const agent = new KinesisAgent({ config: config({ maxBufferSizeRecords: 3 }), vfs: fs, destinations: s.destinations });
    fs.append('/var/log/app.log', lines(0, 10));
    await agent.tick(0);
    expect(s.calls.map((c) => c.size)).toEqual([3, 3, 3]);
    await agent.tick(1000);
    expect(s.calls.map((c) => c.size)).toEqual([3, 3, 3, 1]);
    expectLines(s.delivered, 0, 10);

    const fs2 = new VirtualFileSystem();
    const s2 = fakeStream();
    // Each record is 7 bytes + a 32-byte MD5 key: two fit in 80 bytes, a third does not.
    const a2 = new KinesisAgent({ config: config({ maxBufferSizeBytes: 80, partitionKeyOption: 'DETERMINISTIC' }), vfs: fs2, destinations: s2.destinations });
    fs2.append('/var/log/app.log', lines(0, 5));
    await a2.tick(0);
    expect(s2.calls.map((c) => c.size)).toEqual([2, 2]);
    await a2.tick(1000);
    expect(s2.calls.map((c) => c.size)).toEqual([2, 2, 1]);
  });

  it('reads multi-line records by multiLineStartPattern and skips header lines', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream();
    const agent = new KinesisAgent({ config: config({ multiLineStartPattern: '\\d{4}-\\d{2}-\\d{2}', skipHeaderLines: 1 }), vfs: fs, destinations: s.destinations });
    fs.append('/var/log/app.log', 'HEADER\n2024-01-01 ERROR boom\n  at a()\n  at b()\n2024-01-01 INFO ok\n');
    await runUntil(agent, 0, 1000);
    // The last record is complete only when the next one starts.
    expect(s.delivered.map((d) => d.data)).toEqual(['2024-01-01 ERROR boom\n  at a()\n  at b()\n']);
    fs.append('/var/log/app.log', '2024-01-02 INFO next\n');
    await runUntil(agent, 1100, 2100);
    expect(s.delivered.map((d) => d.data)).toEqual(['2024-01-01 ERROR boom\n  at a()\n  at b()\n', '2024-01-01 INFO ok\n']);
  });

  it('converts records with dataProcessingOptions; lines LOGTOJSON cannot parse are skipped and counted', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream();
    const agent = new KinesisAgent({ config: config({ dataProcessingOptions: [{ optionName: 'LOGTOJSON', logFormat: 'COMMONAPACHELOG' }] }), vfs: fs, destinations: s.destinations });
    fs.append('/var/log/app.log', '64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] "GET /x HTTP/1.1" 200 6291\nnot a log line\n');
    await runUntil(agent, 0, 1000);
    expect(s.delivered.map((d) => JSON.parse(d.data).host)).toEqual(['64.242.88.10']);
    const m = agent.metrics().flows['kinesis:logs:/var/log/app.log*']!;
    expect([m['KinesisParser.TotalRecordsParsed'], m['KinesisParser.TotalRecordsProcessed'], m['KinesisParser.TotalRecordsSkipped']]).toEqual([2, 1, 1]);
    // The skipped line is behind the checkpoint too: it is never read again.
    expect(agent.checkpoints()[0]!.offset).toBe(fs.stat('/var/log/app.log')!.size);
  });

  it('sends Firehose flows with PutRecordBatch (no partition key)', async () => {
    const fs = new VirtualFileSystem();
    const batches: { stream: string; records: { Data: string }[] }[] = [];
    const agent = new KinesisAgent({
      config: JSON.stringify({ flows: [{ filePattern: '/l/*.log', deliveryStream: 'd', initialPosition: 'START_OF_FILE', maxBufferAgeMillis: 1000 }] }),
      vfs: fs,
      destinations: {
        putRecordBatch(stream, records) {
          batches.push({ stream, records });
          return { ok: true, value: { FailedPutCount: 0, RequestResponses: records.map((_, i) => ({ RecordId: String(i) })) } };
        },
      },
    });
    fs.append('/l/a.log', 'x\ny\n');
    await runUntil(agent, 0, 1000);
    expect(batches).toHaveLength(1);
    expect(batches[0]!.stream).toBe('d');
    expect(batches[0]!.records.map((r) => text(r.Data))).toEqual(['x\n', 'y\n']);
    expect(batches[0]!.records[0]).not.toHaveProperty('PartitionKey');
    expect(agent.metrics().cloudwatch['DeliveryStream:d']).toEqual({ BytesSent: 4, RecordSendAttempts: 2, RecordSendErrors: 0, ServiceErrors: 0 });
  });
});

describe('retries and checkpoints', () => {
  it('retries only the failed records, after the backoff, and checkpoints only once they are acknowledged', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream((call, i) => (call === 0 && i === 1 ? 'ProvisionedThroughputExceededException' : undefined));
    const agent = new KinesisAgent({ config: config(), vfs: fs, destinations: s.destinations });
    fs.append('/var/log/app.log', lines(0, 3));
    await runUntil(agent, 0, 1000, 100, s.setNow);
    expect(s.delivered.map((d) => d.data)).toEqual(['line 0\n', 'line 2\n']);
    expect(agent.checkpoints()).toEqual([]);
    await agent.tick(1050);
    expect(s.calls).toHaveLength(1); // the first backoff is retryInitialBackoffMillis (100 ms)
    s.setNow(1100);
    await agent.tick(1100);
    expect(s.calls.map((c) => c.size)).toEqual([3, 1]);
    expect(s.delivered.map((d) => d.data)).toEqual(['line 0\n', 'line 2\n', 'line 1\n']);
    expect(agent.checkpoints()[0]!.offset).toBe(21);
    expect(agent.metrics().cloudwatch['KinesisStream:logs']).toEqual({ BytesSent: 21, RecordSendAttempts: 4, RecordSendErrors: 1, ServiceErrors: 0 });
    expect(agent.metrics().flows['kinesis:logs:/var/log/app.log*']!['KinesisSender.Error(ProvisionedThroughputExceededException)']).toBe(1);
  });

  it('a failed call (service error) is retried whole with exponential backoff', async () => {
    const fs = new VirtualFileSystem();
    const attempts: number[] = [];
    let now = 0;
    const ok = fakeStream();
    const agent = new KinesisAgent({
      config: config(),
      vfs: fs,
      destinations: {
        putRecords(stream, records) {
          attempts.push(now);
          if (attempts.length <= 3) return { ok: false, error: { __type: 'InternalFailure', message: 'Internal service failure.', status: 500 } };
          return ok.destinations.putRecords!(stream, records);
        },
      },
    });
    fs.append('/var/log/app.log', lines(0, 2));
    await runUntil(agent, 0, 3000, 50, (t) => void (now = t));
    expect(attempts).toEqual([1000, 1100, 1300, 1700]); // +100, +200, +400
    expectLines(ok.delivered, 0, 2);
    expect(agent.metrics().cloudwatch['KinesisStream:logs']!.ServiceErrors).toBe(3);
    expect(agent.metrics().Agent.TotalRecordsSent).toBe(2);
  });

  it('a new agent restored from checkpoints resumes without loss or duplication', async () => {
    const fs = new VirtualFileSystem();
    let down = false;
    const s = fakeStream((call) => (down && call >= 1 ? 'InternalFailure' : undefined));
    const first = new KinesisAgent({ config: config({ maxBufferSizeRecords: 4 }), vfs: fs, destinations: s.destinations });
    fs.append('/var/log/app.log', lines(0, 4));
    await first.tick(0); // one full buffer: 4 records delivered and checkpointed
    down = true;
    fs.append('/var/log/app.log', lines(4, 10));
    await runUntil(first, 100, 1500); // these fail: nothing more is checkpointed
    expectLines(s.delivered, 0, 4);
    const saved: FlowCheckpoint[] = JSON.parse(JSON.stringify(first.checkpoints()));
    expect(saved[0]!.offset).toBe(28);

    down = false;
    fs.append('/var/log/app.log', lines(10, 12));
    const second = new KinesisAgent({ config: config({ maxBufferSizeRecords: 4 }), vfs: fs, destinations: s.destinations, checkpoints: saved });
    await runUntil(second, 2000, 4000);
    expectLines(s.delivered, 0, 12);
  });

  it('follows a rotation while tailing: the rest of app.log.1, then the new app.log', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream();
    const agent = new KinesisAgent({ config: config(), vfs: fs, destinations: s.destinations });
    let n = 0;
    let t = 0;
    for (; t <= 20_000; t += 100) {
      fs.append('/var/log/app.log', lines(n, n + 3));
      n += 3;
      if (t % 3000 === 1500) fs.rotate('/var/log/app.log');
      if (t === 7000) fs.append('/var/log/app.log', 'unterminated last line');
      await agent.tick(t);
    }
    for (; t <= 25_000; t += 100) await agent.tick(t);
    const got = s.delivered.map((d) => d.data);
    const want = Array.from({ length: n }, (_, i) => `line ${i}\n`);
    // The unterminated line was completed by the next append ("…line" + "line N\n") — one record.
    const merged = got.findIndex((g) => g.startsWith('unterminated'));
    expect(got[merged]).toMatch(/^unterminated last lineline \d+\n$/);
    got.splice(merged, 1, `line ${/line (\d+)\n$/.exec(got[merged]!)![1]}\n`);
    expect(got).toEqual(want);
  });

  it('resumes in the rotated file when the rotation happened while the agent was down', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream();
    const first = new KinesisAgent({ config: config(), vfs: fs, destinations: s.destinations });
    fs.append('/var/log/app.log', lines(0, 3));
    await runUntil(first, 0, 1000);
    const saved = first.checkpoints();
    fs.append('/var/log/app.log', lines(3, 5));
    fs.rotate('/var/log/app.log');
    fs.append('/var/log/app.log', lines(5, 8));
    const second = new KinesisAgent({ config: config(), vfs: fs, destinations: s.destinations, checkpoints: saved });
    await runUntil(second, 2000, 3000);
    expectLines(s.delivered, 0, 8);
    expect(second.checkpoints()[0]).toMatchObject({ path: '/var/log/app.log', offset: 21 });
  });
});

describe('limits, keys and metrics', () => {
  it('cuts a record over 1 MiB (with its key) and ends it with truncatedRecordTerminator', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream();
    const agent = new KinesisAgent({ config: config({ partitionKeyOption: 'DETERMINISTIC', truncatedRecordTerminator: '[cut]\n' }), vfs: fs, destinations: s.destinations });
    fs.append('/var/log/app.log', `${'x'.repeat(1_200_000)}\nsmall\n`);
    await runUntil(agent, 0, 1000);
    expect(s.delivered).toHaveLength(2);
    expect(s.delivered[0]!.data.length).toBe(1024 * 1024 - 32);
    expect(s.delivered[0]!.data.endsWith('x[cut]\n')).toBe(true);
    expect(s.delivered[1]!.data).toBe('small\n');
    expect(agent.metrics().flows['kinesis:logs:/var/log/app.log*']!['KinesisParser.TotalRecordsTruncated']).toBe(1);
  });

  it('RANDOM keys are doubles in [0, 1e6) as text, the same for the same seed', async () => {
    const keysFor = async (seed: number): Promise<string[]> => {
      const fs = new VirtualFileSystem();
      const s = fakeStream();
      const agent = new KinesisAgent({ config: config(), vfs: fs, destinations: s.destinations, seed });
      fs.append('/var/log/app.log', lines(0, 20));
      await runUntil(agent, 0, 1000);
      return s.delivered.map((d) => d.key);
    };
    const keys = await keysFor(7);
    expect(keys).toEqual(await keysFor(7));
    expect(new Set(keys).size).toBe(20);
    for (const k of keys) expect(Number(k)).toBeGreaterThanOrEqual(0), expect(Number(k)).toBeLessThan(1e6);
  });

  it('reports how far tailing is behind and what it parsed and sent', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream();
    const agent = new KinesisAgent({ config: config(), vfs: fs, destinations: s.destinations });
    fs.append('/var/log/app.log', lines(0, 3));
    await agent.tick(0);
    fs.append('/var/log/app.log', 'line 3\n');
    fs.rotate('/var/log/app.log');
    fs.append('/var/log/app.log', 'abc\n');
    expect(agent.metrics().Agent).toMatchObject({ TotalBytesBehind: 11, TotalFilesBehind: 1, TotalRecordsParsed: 3, TotalRecordsSent: 0 });
    await runUntil(agent, 100, 1100);
    expect(agent.metrics().Agent).toMatchObject({ TotalBytesBehind: 0, TotalFilesBehind: 0, TotalBytesConsumed: 32, TotalRecordsParsed: 5, TotalRecordsSent: 5, UpTimeMillis: 1100 });
  });

  it('starts again from the top of a file truncated in place (copytruncate)', async () => {
    const fs = new VirtualFileSystem();
    const s = fakeStream();
    const agent = new KinesisAgent({ config: config({ filePattern: '/var/log/app.log' }), vfs: fs, destinations: s.destinations });
    fs.append('/var/log/app.log', lines(0, 3));
    await runUntil(agent, 0, 1000);
    fs.rotate('/var/log/app.log', { mode: 'copytruncate' });
    fs.append('/var/log/app.log', lines(3, 5));
    await runUntil(agent, 1100, 2200);
    expectLines(s.delivered, 0, 5);
  });
});

describe('configuration', () => {
  it('refuses an invalid agent.json with the problems listed', () => {
    expect(() => new KinesisAgent({ config: '{"flows":[{"filePattern":"/a"}]}', vfs: new VirtualFileSystem(), destinations: {} })).toThrow(
      'Invalid agent.json: flows[0].kinesisStream: a flow needs exactly one of kinesisStream or deliveryStream',
    );
  });
});
