/**
 * One Kinesis Data Analytics application's SQL in its own worker: a thin shell (STYLE §6). The
 * engine (mapping, the streaming SQL, windows) is the core's LocalRuntime; the broker's
 * AnalyticsEngine drives it over Comlink (src/broker/remoteRuntime.ts).
 */
import * as Comlink from 'comlink';
import { LocalRuntime } from '../src/core/analytics/app/runtime.js';

Comlink.expose(new LocalRuntime());
