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
