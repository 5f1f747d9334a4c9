/**
 * The page's Lambda functions survive a reload in localStorage: they are small texts, and a
 * synchronous load means they exist before the first delivery stream invokes one after a reload.
 * (Delivery streams and records, which are large and transactional, live in IndexedDB.)
 */
import type { SandboxLambdaRuntime } from './workerRuntime.js';

export const FUNCTIONS_KEY = 'shardlab-lambda-functions';

export function loadFunctions(runtime: Pick<SandboxLambdaRuntime, 'load'>, storage: Pick<Storage, 'getItem'> | undefined = globalThis.localStorage): void {
  try {
    const text = storage?.getItem(FUNCTIONS_KEY);
    if (text) runtime.load(JSON.parse(text));
  } catch (e) {
    console.warn('Shardlab: saved Lambda functions could not be read:', e);
  }
}

export function saveFunctions(runtime: Pick<SandboxLambdaRuntime, 'snapshot'>, storage: Pick<Storage, 'setItem'> | undefined = globalThis.localStorage): void {
  try {
    storage?.setItem(FUNCTIONS_KEY, JSON.stringify(runtime.snapshot()));
  } catch (e) {
    console.warn('Shardlab: Lambda functions could not be saved:', e);
  }
}
