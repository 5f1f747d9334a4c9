/**
 * One KCL worker (Scheduler) of a consumer application in its own Web Worker: a thin shell
 * (STYLE §6). The KCL lives in `src/core/kcl`, the worker's glue in `KclWorkerHost`, the lease
 * table in IndexedDB (`shardlab-kcl:<app>`, shared with the application's other workers).
 */
import * as Comlink from 'comlink';
import { IdbLeaseStore } from '../src/adapters/idb/idbLeaseStore.js';
import { KclWorkerHost } from '../src/broker/kclWorkerHost.js';

Comlink.expose(new KclWorkerHost((app) => IdbLeaseStore.forApp(app)));
