/**
 * `window.shardlabSandbox`: the code sandbox and a Lambda runtime on it, for the console and the
 * end-to-end tests (tests/e2e/sandbox.spec.ts). Nothing runs until the first invocation or check,
 * which creates the sandbox's hidden frame.
 */
import { SandboxLambdaRuntime } from '../lambda/workerRuntime.js';
import { Sandbox } from './sandbox.js';

export interface ShardlabSandboxDebug {
  readonly sandbox: Sandbox;
  readonly lambda: SandboxLambdaRuntime;
}

declare global {
  interface Window {
    shardlabSandbox?: ShardlabSandboxDebug;
  }
}

export function installSandboxDebug(win: Window): ShardlabSandboxDebug {
  const sandbox = new Sandbox({ document: win.document });
  const api: ShardlabSandboxDebug = { sandbox, lambda: new SandboxLambdaRuntime({ sandbox }) };
  win.shardlabSandbox = api;
  return api;
}
