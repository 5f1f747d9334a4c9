import { mount } from 'svelte';
import { createBrokerHost } from './broker/broker';
import type { SimulationHost } from './broker/host';
import { createMemoryHost } from './broker/memoryHost';
import { installWindowApi } from './broker/windowApi';
import App from './ui/App.svelte';
import './ui/app.css';

const target = document.getElementById('app');
if (!target) throw new Error('#app is missing from index.html');

/**
 * The simulation runs in shard workers with IndexedDB (the broker). Where IndexedDB is not
 * available (some private windows), it falls back to memory and says so in the UI.
 */
async function start(): Promise<SimulationHost> {
  try {
    return await createBrokerHost();
  } catch (e) {
    console.warn('Shardlab: IndexedDB is unavailable, running in memory (nothing survives a reload):', e);
    return createMemoryHost();
  }
}

const host = await start();
installWindowApi(host);
export default mount(App, { target, props: { host } });
