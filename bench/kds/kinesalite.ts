/**
 * The baseline of the KDS bench: kinesalite (mhart/kinesalite, in memory) in a child process on
 * loopback, so its CPU use never shares the bench's event loop. It is installed into
 * bench/kinesalite/ on first use — never into the app's own package.json or node_modules.
 */
import { spawn, spawnSync, type ChildProcessByStdio } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Readable, Writable } from 'node:stream';

export interface KinesaliteServer {
  readonly endpoint: string;
  readonly pid: number;
  stop(): Promise<void>;
}

/** Installs bench/kinesalite's own package.json (kinesalite + memdown) when it is missing. */
export function ensureKinesalite(dir: string, log: (line: string) => void): void {
  if (existsSync(join(dir, 'node_modules', 'kinesalite', 'index.js'))) return;
  log(`installing kinesalite into ${dir} (first run only)…`);
  // --omit=optional: kinesalite's optional leveldown (native, prebuilt) is only for --path;
  // the bench runs it in memory on memdown, so skip it and its install script.
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const res = spawnSync(npm, ['install', '--prefix', dir, '--no-audit', '--no-fund', '--omit=optional'], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  if (res.status !== 0) {
    throw new Error(`npm install --prefix ${dir} failed (exit ${res.status ?? res.signal ?? res.error?.message})`);
  }
}

/** Starts bench/kinesalite/server.cjs and resolves once it listens on 127.0.0.1. */
export function startKinesalite(dir: string, timeoutMs = 15_000): Promise<KinesaliteServer> {
  const child: ChildProcessByStdio<Writable, Readable, null> = spawn(
    process.execPath,
    [join(dir, 'server.cjs')],
    { cwd: dir, stdio: ['pipe', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`kinesalite did not start within ${timeoutMs} ms`));
    }, timeoutMs);
    const onExit = (code: number | null): void => {
      clearTimeout(timer);
      reject(new Error(`kinesalite exited before listening (code ${code})`));
    };
    child.once('exit', onExit);
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const m = /PORT (\d+)/.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.off('exit', onExit);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      resolve({
        endpoint: `http://127.0.0.1:${m[1]}`,
        pid: child.pid ?? -1,
        stop: () => stopChild(child),
      });
    });
  });
}

function stopChild(child: ChildProcessByStdio<Writable, Readable, null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const hard = setTimeout(() => child.kill('SIGKILL'), 3_000);
    child.once('exit', () => {
      clearTimeout(hard);
      resolve();
    });
    child.stdin.end(); // server.cjs exits when its stdin closes
    child.kill('SIGTERM');
  });
}
