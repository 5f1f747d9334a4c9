/**
 * One delivery stream in its own worker: a thin shell (STYLE §6). Every Firehose rule lives in
 * the core's Pipeline, durability in FirehoseWorker, storage in IdbFirehoseLog; this file only
 * wires them together and exposes the FirehoseWorkerApi of `src/broker/protocol.ts`.
 */
import * as Comlink from 'comlink';
import { IdbFirehoseLog } from '../src/adapters/idb/idbFirehoseLog.js';
import { FirehoseWorker } from '../src/broker/firehoseWorker.js';

Comlink.expose(new FirehoseWorker((init) => new IdbFirehoseLog(init.dbName)));
