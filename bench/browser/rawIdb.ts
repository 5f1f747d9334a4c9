/**
 * The raw IndexedDB ceiling: what plain IndexedDB manages in a Web Worker with the storage shape
 * the shard workers use, and nothing else — no Kinesis rules, no broker, no SDK.
 *
 * One Web Worker per "shard" (started from a Blob URL, so it needs nothing from the app), each
 * with its own database shaped like `IdbSegmentStore`'s (`segments` with a `lastArrival` index,
 * `meta`). Each worker writes, one transaction after another, segments of `recordsPerSegment`
 * records of `recordBytes` (`{ counter, sequenceNumber, partitionKey, data, arrival }`, each
 * `data` base64 text — or its own binary buffer), plus `lastCounter` in `meta` — the same two puts per transaction as
 * `IdbSegmentStore.append` — awaiting `oncomplete` before the next, for `seconds`.
 *
 * `runRawIdb` runs in the page (it is passed to `page.evaluate`, so it must be self-contained).
 */

export interface RawIdbOptions {
  /** Writers = workers = databases (the same count as the durable run's shards). */
  readonly writers: number;
  readonly seconds: number;
  readonly recordsPerSegment: number;
  readonly recordBytes: number;
  /** Each record's data as base64 text (what Shardlab receives and serves) or its own binary buffer. */
  readonly dataAs: 'bytes' | 'base64';
  /** Prefix of the databases' names; they are deleted afterwards. */
  readonly dbPrefix: string;
}

export interface RawIdbResult {
  readonly records: number;
  readonly transactions: number;
  readonly seconds: number;
  /** Per writer: transactions completed and the median transaction time (ms). */
  readonly perWriter: readonly { transactions: number; medianTxMs: number }[];
}

/**
 * The worker's source (classic script). `prepare` opens the database and makes the records
 * (answers `ready`); `go` writes until the shared deadline `until` (epoch ms), deletes the
 * database and answers `done`.
 */
export const RAW_IDB_WORKER_SOURCE = String.raw`
'use strict';
const openDb = (name) => new Promise((resolve, reject) => {
  const req = indexedDB.open(name, 1);
  req.onupgradeneeded = () => {
    const db = req.result;
    db.createObjectStore('segments').createIndex('lastArrival', 'lastArrival');
    db.createObjectStore('meta');
  };
  req.onsuccess = () => resolve(req.result);
  req.onerror = () => reject(req.error);
  req.onblocked = () => reject(new Error('open blocked'));
});
const deleteDb = (name) => new Promise((resolve) => {
  const req = indexedDB.deleteDatabase(name);
  req.onsuccess = req.onerror = req.onblocked = () => resolve();
});
const key = (first) => String(first).padStart(16, '0');
let prepared;
const absNow = () => performance.timeOrigin + performance.now();
onmessage = async (ev) => {
  const m = ev.data;
  try {
    if (m.kind === 'prepare') {
      const o = m.options;
      const db = await openDb(m.dbName);
      // Distinct random payloads, made once (as the producer's are): making data is not timed.
      const records = [];
      for (let i = 0; i < o.recordsPerSegment; i++) {
        const bytes = new Uint8Array(o.recordBytes);
        crypto.getRandomValues(bytes);
        const data = o.dataAs === 'base64' ? btoa(String.fromCharCode(...bytes)) : bytes;
        records.push({ counter: 0, sequenceNumber: '4' + String(i).padStart(55, '0'), partitionKey: Math.random().toString(36).slice(2, 14), data, arrival: 0 });
      }
      prepared = { db, records, dbName: m.dbName };
      postMessage({ kind: 'ready' });
      return;
    }
    // kind === 'go': write until the shared deadline (epoch ms, the same for every writer).
    const { db, records, dbName } = prepared;
    const n = records.length;
    let counter = 0, transactions = 0;
    const txMs = [];
    const start = absNow();
    while (absNow() < m.until) {
      const first = counter + 1;
      const now = Date.now();
      for (let i = 0; i < n; i++) { const r = records[i]; r.counter = ++counter; r.arrival = now; }
      const segment = { first, last: counter, firstArrival: now, lastArrival: now, records };
      const t0 = performance.now();
      await new Promise((resolve, reject) => {
        const tx = db.transaction(['segments', 'meta'], 'readwrite');
        tx.objectStore('segments').put(segment, key(first));
        tx.objectStore('meta').put(counter, 'lastCounter');
        tx.oncomplete = () => resolve();
        tx.onerror = () => reject(tx.error);
        tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
      });
      txMs.push(performance.now() - t0);
      transactions++;
    }
    const end = absNow();
    db.close();
    await deleteDb(dbName);
    txMs.sort((a, b) => a - b);
    postMessage({ kind: 'done', ok: true, records: counter, transactions, start, end, medianTxMs: txMs[txMs.length >> 1] || 0 });
  } catch (e) {
    postMessage({ kind: 'done', ok: false, error: String(e && e.stack || e) });
  }
};
`;

/** In the page: prepares every writer, then starts them together with one shared deadline. */
export async function runRawIdb(args: { source: string; options: RawIdbOptions }): Promise<RawIdbResult> {
  const { source, options: o } = args;
  const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
  type Done = { kind: 'done'; ok: true; records: number; transactions: number; start: number; end: number; medianTxMs: number } | { kind: 'done'; ok: false; error: string };
  const workers: Worker[] = [];
  const next: ((m: unknown) => void)[] = [];
  const fail: ((e: Error) => void)[] = [];
  const message = (i: number): Promise<unknown> => new Promise((resolve, reject) => { next[i] = resolve; fail[i] = reject; });
  try {
    for (let i = 0; i < o.writers; i++) {
      const w = new Worker(url, { name: `raw-idb-${i}` });
      workers.push(w);
      w.onmessage = (ev: MessageEvent) => next[i]?.(ev.data);
      w.onerror = (ev) => fail[i]?.(new Error(`raw IndexedDB worker ${i}: ${ev.message}`));
    }
    const ready = workers.map((_, i) => message(i));
    workers.forEach((w, i) => w.postMessage({ kind: 'prepare', options: o, dbName: `${o.dbPrefix}-${i}` }));
    await Promise.all(ready);
    const done = workers.map((_, i) => message(i) as Promise<Done>);
    const go = performance.timeOrigin + performance.now();
    const until = go + o.seconds * 1000;
    for (const w of workers) w.postMessage({ kind: 'go', until });
    const answers = await Promise.all(done);
    let records = 0, transactions = 0, end = go;
    const perWriter: { transactions: number; medianTxMs: number }[] = [];
    for (const a of answers) {
      if (!a.ok) throw new Error(`raw IndexedDB writer failed: ${a.error}`);
      records += a.records;
      transactions += a.transactions;
      end = Math.max(end, a.end);
      perWriter.push({ transactions: a.transactions, medianTxMs: a.medianTxMs });
    }
    // From the shared start to the last writer's last commit.
    return { records, transactions, seconds: (end - go) / 1000, perWriter };
  } finally {
    for (const w of workers) w.terminate();
    URL.revokeObjectURL(url);
  }
}
