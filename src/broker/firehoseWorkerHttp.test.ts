import * as Comlink from 'comlink';
import { afterEach, describe, expect, it } from 'vitest';
import { MemoryFirehoseLog } from '../adapters/memory/memoryFirehoseLog';
import { FirehoseEngine } from '../core/firehose/engine';
import type { HttpRequest } from '../core/firehose/httpEndpoint';
import { Pipeline } from '../core/firehose/delivery';
import { DEMO_KEYS } from '../core/firehose/receivers';
import { Receivers } from '../core/firehose/receiverRegistry';
import { createClock } from '../core/sim/clock';
import { createRandom } from '../core/sim/random';
import { S3Store } from '../core/s3/store';
import { FirehoseWorker } from './firehoseWorker';
import type { FirehoseWorkerApi } from './protocol';
import { plainState } from './pipelineWorkerHost';
import { closePorts, initFor, record, recordingHost, ROLE, T0 } from './testing/firehoseFixtures';

const ports: MessagePort[] = [];
afterEach(() => {
  closePorts();
  for (const p of ports.splice(0)) p.close();
});

async function httpStream(url: string) {
  const clock = createClock({ mode: 'manual', start: T0 });
  const e = new FirehoseEngine({ clock, account: { region: 'us-east-1', accountId: '123456789012' }, random: createRandom(1), s3: new S3Store({ now: () => clock.now() }), pipelineFactory: (eng, st) => new Pipeline(eng, st) });
  const r = await e.dispatch('CreateDeliveryStream', {
    DeliveryStreamName: 'h',
    HttpEndpointDestinationConfiguration: { EndpointConfiguration: { Url: url, AccessKey: DEMO_KEYS.datadog }, BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 }, S3Configuration: { RoleARN: ROLE, BucketARN: 'arn:aws:s3:::lake' } },
  });
  if (!r.ok) throw new Error(r.error.message);
  const st = e.streams.get('h')!.state;
  st.status = 'ACTIVE';
  return plainState(st);
}

function connect(worker: FirehoseWorker): Comlink.Remote<FirehoseWorkerApi> {
  const { port1, port2 } = new MessageChannel();
  ports.push(port1, port2);
  Comlink.expose(worker, port1);
  return Comlink.wrap<FirehoseWorkerApi>(port2);
}

describe('a delivery stream worker with an HTTP endpoint destination', () => {
  it('hands requests to a simulated receiver back to the broker, and forgets the records once delivered', async () => {
    const receivers = new Receivers({ now: () => T0 });
    const log = new MemoryFirehoseLog();
    const fetched: HttpRequest[] = [];
    const api = connect(new FirehoseWorker(() => log, async (req) => { fetched.push(req); return { failure: 'connection', message: 'no network in tests' }; }));
    const h = recordingHost();
    const url = 'https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input';
    await api.init(initFor('db', await httpStream(url)), Comlink.proxy({ ...h.host, http: async (req: HttpRequest) => receivers.handle(req) }));
    await api.accept([record('a', 'hello', T0)], T0);
    await api.tick(T0 + 60_000);
    await api.idle();
    expect(receivers.get(url)!.recent.map((i) => i.doc.message)).toEqual(['hello']);
    expect(fetched).toEqual([]);
    expect(h.events.filter((e) => e.type === 'endpointDelivered')).toHaveLength(1);
    expect(log.records.size).toBe(0);
  });

  it('fetches a real endpoint itself; a record waiting for a retry stays in the log', async () => {
    const log = new MemoryFirehoseLog();
    const fetched: HttpRequest[] = [];
    const api = connect(new FirehoseWorker(() => log, async (req) => { fetched.push(req); return { failure: 'connection', message: 'refused' }; }));
    const h = recordingHost();
    await api.init(initFor('db', await httpStream('https://receiver.example.com/in')), Comlink.proxy(h.host));
    await api.accept([record('a', 'hello', T0)], T0);
    const stats = await api.tick(T0 + 60_000);
    await api.idle();
    expect(fetched.map((r) => r.url)).toEqual(['https://receiver.example.com/in']);
    expect(h.events.find((e) => e.type === 'deliveryFailed')).toMatchObject({ errorCode: 'HttpEndpoint.ConnectionFailed' });
    expect((await api.stats()).retrying).toBe(1);
    expect(stats.buffered.records).toBe(0);
    expect(log.records.size).toBe(1);
  });
});

describe('a delivery stream worker switched from an HTTP endpoint to S3 (UpdateDestination of another type)', () => {
  it('forgets the endpoint: what it buffers goes to the S3 bucket, not to the old URL', async () => {
    const receivers = new Receivers({ now: () => T0 });
    const log = new MemoryFirehoseLog();
    const api = connect(new FirehoseWorker(() => log, async () => ({ failure: 'connection', message: 'no network in tests' })));
    const h = recordingHost();
    const url = 'https://aws-kinesis-http-intake.logs.datadoghq.com/v1/input';
    const before = await httpStream(url);
    await api.init(initFor('db', before), Comlink.proxy({ ...h.host, http: async (req: HttpRequest) => receivers.handle(req) }));
    await api.accept([record('a', 'hello', T0)], T0);
    // The broker's engine deletes `endpoint` and sets an S3 destination; the worker gets that state.
    const { endpoint: _gone, ...rest } = before as typeof before & { endpoint?: unknown };
    const s3State = { ...rest, versionId: 2, destination: { ...before.destination, BucketARN: 'arn:aws:s3:::lake', BufferingHints: { SizeInMBs: 1, IntervalInSeconds: 60 } } };
    await api.reconfigure(s3State as typeof before);
    await api.tick(T0 + 60_000);
    await api.idle();
    expect(receivers.get(url)?.recent ?? []).toEqual([]);
    expect(h.events.filter((e) => e.type === 'delivered')).toHaveLength(1);
  });
});
