/**
 * Tails the files of one flow (spec §3.4; FileTailer, SourceFileTracker, RegexSplitter in
 * awslabs/amazon-kinesis-agent). Files matching the pattern are ordered oldest first by
 * (modification time, file id); the tailer follows one file by id to its end and moves to the
 * next newer file only when the current one is no longer the newest — so after logrotate
 * renames `app.log` to `app.log.1` it reads the rest of `app.log.1`, then the new `app.log`,
 * losing and repeating nothing. Records are whole lines (or multi-line records), read from
 * the file at the position after the last one; a partial last line waits for its newline
 * unless the file was rotated away.
 */
import type { FlowConfig } from './config.js';
import type { FileStat, VirtualFileSystem } from './vfs.js';

/** A place in a file: its id, the path it had, a byte offset. */
export interface FilePosition {
  readonly fileId: string;
  readonly path: string;
  readonly offset: number;
}

/** A record as read: its bytes (with the newline) and where it starts and ends. */
export interface RawRecord {
  readonly bytes: Uint8Array;
  readonly start: FilePosition;
  readonly end: FilePosition;
}

/** Where to resume: a checkpoint's file id, path, offset and the file's modification time. */
export interface ResumePoint extends FilePosition {
  readonly lastModifiedTime: number;
}

interface Current {
  id: string;
  path: string;
  offset: number;
  mtime: number;
  headerLinesLeft: number;
}

const NL = 0x0a;
const decoder = new TextDecoder();
const idNumber = (id: string): number => Number(id.replace(/\D/g, '')) || 0;
const order = (a: FileStat, b: FileStat): number => a.mtime - b.mtime || idNumber(a.id) - idNumber(b.id);

export class FlowTailer {
  private current: Current | undefined;
  private started = false;
  private readonly startRe: RegExp | undefined;
  /** Bytes read past (header lines, data before the first multi-line record start). */
  bytesDiscarded = 0;
  bytesConsumed = 0;

  constructor(private readonly vfs: VirtualFileSystem, private readonly flow: FlowConfig, private resume?: ResumePoint) {
    this.startRe = flow.multiLineStartPattern !== undefined ? new RegExp(`^(?:${flow.multiLineStartPattern})`) : undefined;
    // The position is fixed when the agent starts, not at its first poll: with END_OF_FILE a line
    // written just after the start is new data and is sent.
    this.start();
  }

  /** The position after the last record read (undefined before any file was found). */
  position(): FilePosition | undefined {
    const c = this.current;
    return c && { fileId: c.id, path: this.vfs.statById(c.id)?.path ?? c.path, offset: c.offset };
  }

  /** Matching files, oldest first. */
  files(): FileStat[] {
    return this.vfs.glob(this.flow.filePattern).sort(order);
  }

  /** Bytes not yet read, in the current file and the newer ones; and how many newer files. */
  behind(): { bytes: number; files: number } {
    const files = this.files();
    const c = this.current;
    if (!c) return { bytes: files.reduce((s, f) => s + f.size, 0), files: files.length };
    const i = files.findIndex((f) => f.id === c.id);
    const newer = i < 0 ? [] : files.slice(i + 1);
    const cur = i < 0 ? 0 : Math.max(0, files[i]!.size - c.offset);
    return { bytes: cur + newer.reduce((s, f) => s + f.size, 0), files: newer.length };
  }

  /** Reads every complete record available now. */
  poll(): RawRecord[] {
    if (!this.started) this.start();
    const out: RawRecord[] = [];
    for (let guard = 0; guard < 10_000; guard++) {
      const files = this.files();
      if (!this.current) {
        // Files that appear after the agent started are new data: read them from the start.
        if (files.length === 0) return out;
        this.open(files[0]!, 0);
      }
      const c = this.current!;
      const stat = this.vfs.statById(c.id);
      const idx = stat ? files.findIndex((f) => f.id === c.id) : -1;
      const next = stat ? files[idx + 1] : files.find((f) => order(f, { id: c.id, path: c.path, size: 0, mtime: c.mtime }) > 0);
      if (!stat) {
        // Deleted before we finished it: what was not read is gone (as for the real agent).
        if (!next) return out;
        this.open(next, 0);
        continue;
      }
      if (stat.size < c.offset) c.offset = 0; // truncated in place (copytruncate)
      c.path = stat.path;
      c.mtime = stat.mtime;
      this.read(c, out, next === undefined);
      if (!next || c.offset < stat.size) return out;
      this.open(next, 0);
    }
    return out;
  }

  private start(): void {
    this.started = true;
    const files = this.files();
    const r = this.resume;
    this.resume = undefined;
    if (r) {
      const same = files.find((f) => f.id === r.fileId);
      if (same) return this.open(same, same.size < r.offset ? 0 : r.offset);
      // The checkpointed file is gone: continue with the files written after it.
      const newer = files.find((f) => f.mtime >= r.lastModifiedTime);
      if (newer) return this.open(newer, 0);
    }
    const newest = files[files.length - 1];
    if (!newest) return;
    if (this.flow.initialPosition === 'START_OF_FILE') return this.open(newest, 0);
    // END_OF_FILE: after the last complete line.
    const data = this.vfs.read(newest.id, 0);
    this.open(newest, data.lastIndexOf(NL) + 1);
    this.current!.headerLinesLeft = 0;
  }

  private open(f: FileStat, offset: number): void {
    this.current = { id: f.id, path: f.path, offset, mtime: f.mtime, headerLinesLeft: offset === 0 ? this.flow.skipHeaderLines : 0 };
  }

  /** Reads complete records from `c` into `out`; `live` means more may still be appended. */
  private read(c: Current, out: RawRecord[], live: boolean): void {
    const data = this.vfs.read(c.id, c.offset);
    let p = 0;
    while (c.headerLinesLeft > 0) {
      const nl = data.indexOf(NL, p);
      if (nl < 0) return this.skip(c, p);
      p = nl + 1;
      c.headerLinesLeft--;
    }
    this.skip(c, p);
    const base = c.offset;
    const lines: [start: number, end: number][] = [];
    let q = p;
    for (let nl = data.indexOf(NL, q); nl >= 0; nl = data.indexOf(NL, q)) {
      lines.push([q, nl + 1]);
      q = nl + 1;
    }
    // A rotated-away file gets no more data: its unterminated last line is a record too.
    if (!live && q < data.length) lines.push([q, data.length]);
    const rel = (x: number): number => base + x - p;
    const emit = (s: number, e: number): void => {
      out.push({
        bytes: data.slice(s, e),
        start: { fileId: c.id, path: c.path, offset: rel(s) },
        end: { fileId: c.id, path: c.path, offset: rel(e) },
      });
      c.offset = rel(e);
      this.bytesConsumed += e - s;
    };
    if (!this.startRe) {
      for (const [s, e] of lines) emit(s, e);
      return;
    }
    let recStart = -1;
    for (const [s, e] of lines) {
      const text = decoder.decode(data.subarray(s, e)).replace(/\r?\n$/, '');
      if (!this.startRe.test(text)) {
        if (recStart < 0) {
          // Data before the first record start is discarded (RegexSplitter).
          this.bytesDiscarded += e - s;
          c.offset = rel(e);
        }
        continue;
      }
      if (recStart >= 0) emit(recStart, s);
      recStart = s;
    }
    if (recStart >= 0 && !live) emit(recStart, lines[lines.length - 1]![1]);
  }

  /** Moves past `n` bytes of `c` that are not records (header lines). */
  private skip(c: Current, n: number): void {
    this.bytesDiscarded += n;
    c.offset += n;
  }
}
