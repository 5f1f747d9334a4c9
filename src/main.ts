import { mount } from 'svelte';
import { createBrokerHost } from './broker/broker';
import type { SimulationHost } from './broker/host';
import { createMemoryHost } from './broker/memoryHost';
import { installWindowApi } from './broker/windowApi';
import { loadFunctions } from './lambda/persistFunctions';
import { SandboxLambdaRuntime } from './lambda/workerRuntime';
import App from './ui/App.svelte';
import './ui/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

/** Transform functions run in the sandbox (an opaque-origin frame's workers), never in the page. */
const lambda = new SandboxLambdaRuntime();
loadFunctions(lambda);

/**
 * The simulation runs in shard workers with IndexedDB (the broker). Where IndexedDB is not
 * available (some private windows), it falls back to memory and says so in the UI.
 */
async function start(): Promise<SimulationHost> {
  try {
    return await createBrokerHost({ lambda });
  } catch (e) {
    console.warn('Shardlab: IndexedDB is unavailable, running in memory (nothing survives a reload):', e);
    return createMemoryHost({}, { lambda });
  }
}

const host = await start();
installWindowApi(host, { lambda });
// The bare sandbox for the console and its end-to-end tests (loaded on demand, its own runtime).
void import('./sandbox/install').then((m) => m.installSandboxDebug(window));
export default mount(App, { target, props: { host, lambda } });
