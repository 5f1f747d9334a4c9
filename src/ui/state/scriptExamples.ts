/**
 * Example scripts for the code sandbox: producers and consumers written with the AWS SDK v3 as
 * they would be for AWS (only the client's configuration differs: here it is the simulation's).
 * `{{stream}}` is replaced by the stream chosen in the panel.
 */
export interface ScriptExample {
  readonly id: string;
  readonly label: string;
  readonly code: string;
}

export const SCRIPT_EXAMPLES: readonly ScriptExample[] = [
  {
    id: 'producer',
    label: 'Producer: PutRecords (SDK)',
    code: `// A producer with the AWS SDK v3: 10 batches of 20 JSON records, one batch a second.
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';

const kinesis = new KinesisClient({ region: 'us-east-1' });
const stream = '{{stream}}';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (let batch = 1; batch <= 10; batch++) {
  const records = Array.from({ length: 20 }, (_, i) => ({
    PartitionKey: \`sensor-\${i % 5}\`,
    Data: new TextEncoder().encode(JSON.stringify({ batch, i, temperature: 20 + Math.random() * 5 })),
  }));
  const out = await kinesis.send(new PutRecordsCommand({ StreamName: stream, Records: records }));
  console.log(\`batch \${batch}: \${records.length - out.FailedRecordCount} put, \${out.FailedRecordCount} throttled\`);
  await sleep(1000);
}`,
  },
  {
    id: 'consumer',
    label: 'Consumer: GetRecords polling (SDK)',
    code: `// A polling consumer: every shard from TRIM_HORIZON, one GetRecords a second per shard, for 20 s.
import { KinesisClient, ListShardsCommand, GetShardIteratorCommand, GetRecordsCommand } from '@aws-sdk/client-kinesis';

const kinesis = new KinesisClient({ region: 'us-east-1' });
const stream = '{{stream}}';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: stream }));
const iterators = new Map();
for (const s of Shards) {
  const it = await kinesis.send(new GetShardIteratorCommand({ StreamName: stream, ShardId: s.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
  iterators.set(s.ShardId, it.ShardIterator);
}
for (let second = 0; second < 20; second++) {
  for (const [shard, iterator] of iterators) {
    if (!iterator) continue;
    const out = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: 100 }));
    for (const r of out.Records) console.log(shard, r.PartitionKey, new TextDecoder().decode(r.Data));
    iterators.set(shard, out.NextShardIterator);
  }
  await sleep(1000);
}`,
  },
  {
    id: 'efo',
    label: 'Consumer: enhanced fan-out, SubscribeToShard (SDK)',
    code: `// An enhanced fan-out consumer: registered on the stream, it gets its own 2 MB/s per shard and
// records are pushed to it over SubscribeToShard (an HTTP/2 event stream of up to 5 minutes).
import {
  KinesisClient, DescribeStreamSummaryCommand, RegisterStreamConsumerCommand, DescribeStreamConsumerCommand,
  ListShardsCommand, SubscribeToShardCommand, DeregisterStreamConsumerCommand,
} from '@aws-sdk/client-kinesis';

const kinesis = new KinesisClient({ region: 'us-east-1' });
const stream = '{{stream}}';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { StreamDescriptionSummary } = await kinesis.send(new DescribeStreamSummaryCommand({ StreamName: stream }));
const { Consumer } = await kinesis.send(new RegisterStreamConsumerCommand({
  StreamARN: StreamDescriptionSummary.StreamARN, ConsumerName: 'sandbox-efo',
}));
const ConsumerARN = Consumer.ConsumerARN;
const status = async () => (await kinesis.send(new DescribeStreamConsumerCommand({ ConsumerARN }))).ConsumerDescription.ConsumerStatus;
while (await status() !== 'ACTIVE') await sleep(500);   // CREATING for a few seconds
console.log('consumer ACTIVE');

const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: stream }));
const ShardId = Shards[0].ShardId;
const abort = new AbortController();
setTimeout(() => abort.abort(), 10_000);   // stop listening after 10 s
const out = await kinesis.send(
  new SubscribeToShardCommand({ ConsumerARN, ShardId, StartingPosition: { Type: 'TRIM_HORIZON' } }),
  { abortSignal: abort.signal },
);
let records = 0;
let events = 0;
try {
  for await (const event of out.EventStream) {
    const e = event.SubscribeToShardEvent;
    if (!e) continue;
    events++;
    records += e.Records.length;
    if (e.Records.length) console.log(\`event \${events}: \${e.Records.length} records, \${e.MillisBehindLatest} ms behind\`);
  }
} catch (err) {
  if (err.name !== 'AbortError') throw err;   // the abort ends the subscription
}
console.log(\`\${records} records in \${events} events from \${ShardId}\`);
// A registered consumer is billed per hour: deregister it when done.
await kinesis.send(new DeregisterStreamConsumerCommand({ ConsumerARN }));
console.log('consumer deregistered');`,
  },
  {
    id: 'generator',
    label: 'Producer: fake clickstream events, like the Kinesis Data Generator (SDK)',
    code: `// What the Kinesis Data Generator does: records from a template with random values, at a steady rate.
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';

const kinesis = new KinesisClient({ region: 'us-east-1' });
const pick = (xs) => xs[Math.floor(Math.random() * xs.length)];
const event = () => ({
  event_id: Math.random().toString(36).slice(2, 12),
  user_id: \`user-\${1 + Math.floor(Math.random() * 50)}\`,
  event_type: pick(['page_view', 'page_view', 'page_view', 'click', 'add_to_cart', 'purchase']),
  page: pick(['/', '/products', '/products/1042', '/cart', '/checkout']),
  timestamp: new Date().toISOString(),
});

let sent = 0;
for (let second = 1; second <= 5; second++) {      // 25 records a second for 5 s
  const events = Array.from({ length: 25 }, event);
  const out = await kinesis.send(new PutRecordsCommand({
    StreamName: '{{stream}}',
    Records: events.map((e) => ({ PartitionKey: e.user_id, Data: new TextEncoder().encode(JSON.stringify(e)) })),
  }));
  sent += events.length - out.FailedRecordCount;
  console.log(\`second \${second}: \${JSON.stringify(events[0])}\`);
  await new Promise((r) => setTimeout(r, 1000));
}
console.log(\`generated \${sent} events\`);`,
  },
  {
    id: 'kpl',
    label: 'Producer: collect and retry like the KPL (SDK)',
    code: `// What the KPL does around PutRecords: collect records (up to 500 a call), and put again, with
// backoff, only the entries that failed (a PutRecords can partly fail: FailedRecordCount > 0).
// The KPL also aggregates many user records into one Kinesis record: see the "KPL producers" panel.
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';

const kinesis = new KinesisClient({ region: 'us-east-1' });
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// 1,500 records on one hot key: more than a shard takes in a second, so some entries fail.
let pending = Array.from({ length: 1500 }, (_, i) => ({ PartitionKey: 'hot-key', Data: new TextEncoder().encode(\`record \${i}\`) }));
let attempt = 0, put = 0;
while (pending.length > 0) {
  const failed = [];
  for (let i = 0; i < pending.length; i += 500) {
    const batch = pending.slice(i, i + 500);
    const out = await kinesis.send(new PutRecordsCommand({ StreamName: '{{stream}}', Records: batch }));
    out.Records.forEach((r, k) => (r.ErrorCode ? failed.push(batch[k]) : put++));
  }
  attempt++;
  console.log(\`attempt \${attempt}: \${put} put so far, \${failed.length} to retry\`);
  pending = failed;
  if (pending.length) await sleep(Math.min(2000, 100 * 2 ** attempt));   // exponential backoff
}
console.log(\`all \${put} records put after \${attempt} attempts\`);`,
  },
  {
    id: 'kcl',
    label: 'Consumer: every shard, parents first, with checkpoints, like the KCL (SDK)',
    code: `// What the KCL does for you: a reader per shard, a shard's children only after the parent is read
// to its end (per-key order across a split or merge), and a checkpoint per shard (here in memory;
// the KCL keeps it in its DynamoDB lease table). Split a shard while it runs to see the order kept.
import { KinesisClient, ListShardsCommand, GetShardIteratorCommand, GetRecordsCommand } from '@aws-sdk/client-kinesis';

const kinesis = new KinesisClient({ region: 'us-east-1' });
const stream = '{{stream}}';
const checkpoints = new Map();   // shardId → last sequence number processed, or 'SHARD_END'
const iterators = new Map();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

for (let round = 0; round < 10; round++) {
  const { Shards } = await kinesis.send(new ListShardsCommand({ StreamName: stream }));
  for (const s of Shards) {
    if (checkpoints.get(s.ShardId) === 'SHARD_END') continue;
    const parents = [s.ParentShardId, s.AdjacentParentShardId].filter((p) => p && Shards.some((x) => x.ShardId === p));
    if (parents.some((p) => checkpoints.get(p) !== 'SHARD_END')) continue;   // parents first
    if (!iterators.has(s.ShardId)) {
      const at = checkpoints.get(s.ShardId);
      const it = await kinesis.send(new GetShardIteratorCommand(at
        ? { StreamName: stream, ShardId: s.ShardId, ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', StartingSequenceNumber: at }
        : { StreamName: stream, ShardId: s.ShardId, ShardIteratorType: 'TRIM_HORIZON' }));
      iterators.set(s.ShardId, it.ShardIterator);
    }
    const out = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterators.get(s.ShardId), Limit: 1000 }));
    for (const r of out.Records) checkpoints.set(s.ShardId, r.SequenceNumber);   // process, then checkpoint
    if (out.Records.length) console.log(\`\${s.ShardId}: \${out.Records.length} records, checkpoint …\${checkpoints.get(s.ShardId).slice(-8)}\`);
    if (out.NextShardIterator) iterators.set(s.ShardId, out.NextShardIterator);
    else { checkpoints.set(s.ShardId, 'SHARD_END'); iterators.delete(s.ShardId); console.log(\`\${s.ShardId}: read to its end\`); }
  }
  await sleep(500);
}
console.log('checkpoints', Object.fromEntries(checkpoints));`,
  },
  {
    id: 'agent',
    label: 'Producer: log lines as JSON, like the Kinesis Agent (SDK)',
    code: `// What the Kinesis Agent does with LOGTOJSON (logFormat COMBINEDAPACHELOG): each access-log line
// becomes a JSON record with the agent's field names, sent in one PutRecords.
// The agent itself (files, agent.json, checkpoints) is in the "Kinesis Agent" panel.
import { KinesisClient, PutRecordsCommand } from '@aws-sdk/client-kinesis';

const lines = [
  '10.0.0.1 - - [10/Oct/2000:13:55:36 -0700] "GET /index.html HTTP/1.1" 200 2326 "-" "curl/8.4"',
  '10.0.0.2 - alice [10/Oct/2000:13:55:37 -0700] "POST /cart HTTP/1.1" 201 512 "https://example.com/" "Mozilla/5.0"',
  'this line is not an access log line',
];
const COMBINED = /^(\\S+) (\\S+) (\\S+) \\[([^\\]]+)\\] "([^"]*)" (\\d{3}) (\\d+|-) "([^"]*)" "([^"]*)"/;
const nul = (v) => (v === '-' ? null : v);
const records = [];
for (const line of lines) {
  const m = COMBINED.exec(line);
  if (!m) { console.log('skipped (does not match):', line); continue; }
  const [, host, ident, authuser, datetime, request, response, bytes, referer, agent] = m;
  const json = { host, ident: nul(ident), authuser: nul(authuser), datetime, request, response, bytes: nul(bytes), referer: nul(referer), agent };
  console.log(JSON.stringify(json));
  records.push({ PartitionKey: String(Math.random()), Data: new TextEncoder().encode(JSON.stringify(json) + '\\n') });
}
const kinesis = new KinesisClient({ region: 'us-east-1' });
const out = await kinesis.send(new PutRecordsCommand({ StreamName: '{{stream}}', Records: records }));
console.log(\`sent \${records.length - out.FailedRecordCount} records\`);`,
  },
  {
    id: 'firehose',
    label: 'Producer: PutRecordBatch to Firehose (SDK)',
    code: `// Records to a Firehose delivery stream (create one in the Firehose tab first).
import { FirehoseClient, PutRecordBatchCommand, ListDeliveryStreamsCommand } from '@aws-sdk/client-firehose';

const firehose = new FirehoseClient({ region: 'us-east-1' });
const { DeliveryStreamNames } = await firehose.send(new ListDeliveryStreamsCommand({}));
if (DeliveryStreamNames.length === 0) throw new Error('No delivery stream yet: create one in the Firehose tab.');
const name = DeliveryStreamNames[0];
const out = await firehose.send(new PutRecordBatchCommand({
  DeliveryStreamName: name,
  Records: Array.from({ length: 50 }, (_, i) => ({ Data: new TextEncoder().encode(JSON.stringify({ i }) + '\\n') })),
}));
console.log(\`\${50 - out.FailedPutCount} records into \${name}\`);`,
  },
  {
    id: 'errors',
    label: 'Handling throttling (ProvisionedThroughputExceededException)',
    code: `// One shard takes 1,000 records a second: PutRecord faster than that and catch the SDK's exception.
import { KinesisClient, PutRecordCommand, ProvisionedThroughputExceededException } from '@aws-sdk/client-kinesis';

const kinesis = new KinesisClient({ region: 'us-east-1', maxAttempts: 1 });
let ok = 0, throttled = 0;
for (let i = 0; i < 1500; i++) {
  try {
    await kinesis.send(new PutRecordCommand({ StreamName: '{{stream}}', PartitionKey: 'hot-key', Data: new TextEncoder().encode(String(i)) }));
    ok++;
  } catch (err) {
    if (err instanceof ProvisionedThroughputExceededException) throttled++;
    else throw err;
  }
}
console.log({ ok, throttled });`,
  },
  {
    id: 'isolation',
    label: 'What a script cannot reach (the sandbox)',
    code: `// Scripts run in an isolated worker: no access to the app's storage or page.
try { indexedDB.open('shardlab-control'); console.log('opened?!'); } catch (e) { console.log('IndexedDB:', e.name, e.message); }
try { console.log(parent.document.title); } catch (e) { console.log('parent.document:', e.name, e.message); }
try { await fetch('https://example.com'); } catch (e) { console.log('network:', e.name, e.message); }`,
  },
  {
    id: 'runaway',
    label: 'A loop that never yields (stopped within 2 s)',
    code: `// A loop without an await never lets the worker breathe: Shardlab stops it within 2 s.
let n = 0;
while (true) { n++; }`,
  },
];

export const exampleCode = (id: string, stream: string): string => (SCRIPT_EXAMPLES.find((e) => e.id === id)?.code ?? '').replaceAll('{{stream}}', stream || 'demo');
