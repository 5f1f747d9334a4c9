/**
 * One shard in its own worker: a thin shell (STYLE §6). Every Kinesis rule lives in ShardCore,
 * durability and group commit in DurableShard, storage in IdbSegmentStore; this file only wires
 * them together and exposes the ShardWorkerApi of `src/broker/protocol.ts` to the broker.
 */
import * as Comlink from 'comlink';
import { DurableShard } from '../src/adapters/durableShard.js';
import { IdbSegmentStore } from '../src/adapters/idb/idbSegmentStore.js';

Comlink.expose(new DurableShard((init) => new IdbSegmentStore(init.dbName)));
