/**
 * CPU time used by the browser (every Chromium process: renderer, GPU, browser, utility — the
 * IndexedDB backend runs in the browser process), read from /proc on Linux. Elsewhere: NaN.
 * Throughput figures say how fast; CPU seconds per record say how much work each record costs,
 * which is what decides throughput once every core is busy.
 */
import { readFileSync, readdirSync } from 'node:fs';

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

/** CPU seconds used so far by each Chromium process (pid → seconds). */
export function chromiumCpuSeconds(): Map<string, number> {
  const out = new Map<string, number>();
  if (process.platform !== 'linux') return out;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // exited meanwhile
    }
    // "pid (comm) state ppid …": comm may contain spaces; fields after the last ')'.
    const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    if (!/chrom/i.test(comm)) continue;
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    out.set(pid, (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND); // utime, stime
  }
  return out;
}

/**
 * CPU seconds used between two readings: per process, so that a process that exits in between
 * loses only its own last stretch instead of making the total go negative. NaN off Linux.
 */
export function cpuSecondsBetween(before: Map<string, number>, after: Map<string, number>): number {
  if (process.platform !== 'linux') return NaN;
  let s = 0;
  for (const [pid, v] of after) s += Math.max(0, v - (before.get(pid) ?? 0));
  return s;
}

/**
 * CPU seconds of every Chromium thread, summed by process type and thread name
 * (`renderer/chromium` is a renderer's main thread, `browser/ThreadPoolForeg` the browser
 * process's thread pool, where IndexedDB's backend runs).
 */
export function chromiumCpuByThread(): Map<string, number> {
  const out = new Map<string, number>();
  if (process.platform !== 'linux') return out;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    let tasks: string[];
    let type: string;
    try {
      if (!/chrom/i.test(readFileSync(`/proc/${pid}/comm`, 'utf8'))) continue;
      type = /--type=([\w-]+)/.exec(readFileSync(`/proc/${pid}/cmdline`, 'utf8'))?.[1] ?? 'browser';
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replace(/\d+$/, '').trim();
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        const key = `${type}/${name}`;
        out.set(key, (out.get(key) ?? 0) + (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND);
      } catch {
        // the thread ended meanwhile
      }
    }
  }
  return out;
}

/** Per-thread-name CPU seconds used between two `chromiumCpuByThread` readings, largest first. */
export function cpuDelta(before: Map<string, number>, after: Map<string, number>): [string, number][] {
  return [...after].map(([k, v]): [string, number] => [k, v - (before.get(k) ?? 0)]).filter(([, v]) => v > 0).sort((a, b) => b[1] - a[1]);
}
