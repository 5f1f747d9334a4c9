/**
 * A virtual file system of growing log files for the Kinesis Agent to tail. Files have
 * inode-like ids: renaming keeps the id (as on Linux), so a tailer that follows ids reads the
 * rest of `app.log` after logrotate renamed it `app.log.1`, then moves to the new `app.log`.
 * Paths are absolute and flat (directories exist implicitly).
 */

/** What `stat` tells: the file id (inode), its path, size in bytes, last modification time. */
export interface FileStat {
  readonly id: string;
  readonly path: string;
  readonly size: number;
  readonly mtime: number;
}

interface Inode {
  readonly id: string;
  data: Uint8Array;
  size: number;
  mtime: number;
}

/** How `rotate` turns over a log, as logrotate's `create` (rename) or `copytruncate`. */
export interface RotateOptions {
  /** Rotated files kept (`app.log.1` … `app.log.N`); older ones are deleted. Default 5. */
  readonly keep?: number;
  readonly mode?: 'create' | 'copytruncate';
}

const encoder = new TextEncoder();

/** A glob (`*`, `?`, `[…]`, `{a,b}`; `*` never crosses "/") as an anchored regex. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i]!;
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = glob.indexOf(']', i + 1);
      if (end < 0) re += '\\[';
      else {
        re += `[${glob.slice(i + 1, end).replace(/^!/, '^').replace(/\\/g, '\\\\')}]`;
        i = end;
      }
    } else if (c === '{') {
      const end = glob.indexOf('}', i + 1);
      if (end < 0) re += '\\{';
      else {
        re += `(?:${glob.slice(i + 1, end).split(',').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`;
        i = end;
      }
    } else re += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

export class VirtualFileSystem {
  private readonly inodes = new Map<string, Inode>();
  private readonly paths = new Map<string, string>();
  private nextIno = 1;

  /** `clock` gives the virtual time stamped as modification time. */
  constructor(private readonly clock: () => number = () => 0) {}

  /** Creates an empty file at `path` (a new id); an existing file there is unlinked. */
  create(path: string): FileStat {
    const node: Inode = { id: `ino-${this.nextIno++}`, data: new Uint8Array(256), size: 0, mtime: this.clock() };
    this.unlink(path);
    this.inodes.set(node.id, node);
    this.paths.set(path, node.id);
    return this.statOf(path, node);
  }

  /** Appends text (UTF-8) or bytes, creating the file when missing. */
  append(path: string, content: string | Uint8Array): FileStat {
    const id = this.paths.get(path);
    const node = id !== undefined ? this.inodes.get(id)! : this.inodes.get(this.create(path).id)!;
    const bytes = typeof content === 'string' ? encoder.encode(content) : content;
    if (node.size + bytes.length > node.data.length) {
      const grown = new Uint8Array(Math.max(node.data.length * 2, node.size + bytes.length));
      grown.set(node.data.subarray(0, node.size));
      node.data = grown;
    }
    node.data.set(bytes, node.size);
    node.size += bytes.length;
    node.mtime = this.clock();
    return this.statOf(path, node);
  }

  /** Moves a file; the id (and an open tailer's position) stays. A file at `to` is replaced. */
  rename(from: string, to: string): void {
    const id = this.paths.get(from);
    if (id === undefined) throw new Error(`rename: no such file ${from}`);
    this.unlink(to);
    this.paths.delete(from);
    this.paths.set(to, id);
  }

  /** Deletes a file. */
  remove(path: string): boolean {
    return this.unlink(path);
  }

  /** Empties a file in place (same id), as `copytruncate` or `> app.log` do. */
  truncate(path: string): void {
    const node = this.node(path);
    node.size = 0;
    node.mtime = this.clock();
  }

  /**
   * Rotates `path` like logrotate: `path.N-1` → `path.N` … `path` → `path.1`, then a new empty
   * `path` (`create`), or `path.1` is a copy and `path` is truncated (`copytruncate`).
   */
  rotate(path: string, opts: RotateOptions = {}): void {
    const keep = opts.keep ?? 5;
    this.unlink(`${path}.${keep}`);
    for (let n = keep - 1; n >= 1; n--) if (this.paths.has(`${path}.${n}`)) this.rename(`${path}.${n}`, `${path}.${n + 1}`);
    if (!this.paths.has(path)) return;
    if (opts.mode === 'copytruncate') {
      const node = this.node(path);
      const copy = this.create(`${path}.1`);
      const c = this.inodes.get(copy.id)!;
      c.data = node.data.slice(0, node.size);
      c.size = node.size;
      c.mtime = node.mtime;
      this.truncate(path);
    } else {
      this.rename(path, `${path}.1`);
      this.create(path);
    }
  }

  stat(path: string): FileStat | undefined {
    const id = this.paths.get(path);
    return id === undefined ? undefined : this.statOf(path, this.inodes.get(id)!);
  }

  /** The file with this id wherever it now is, or undefined once deleted. */
  statById(id: string): FileStat | undefined {
    for (const [path, pid] of this.paths) if (pid === id) return this.statOf(path, this.inodes.get(id)!);
    return undefined;
  }

  /** Bytes [offset, offset + length) of the file with this id (a copy; empty past the end). */
  read(id: string, offset: number, length = Infinity): Uint8Array {
    const node = this.inodes.get(id);
    if (!node || offset >= node.size) return new Uint8Array(0);
    return node.data.slice(offset, Math.min(node.size, offset + length));
  }

  /** The whole file as text. */
  readText(path: string): string {
    const node = this.node(path);
    return new TextDecoder().decode(node.data.subarray(0, node.size));
  }

  /** Files whose path matches the glob, by path. */
  glob(pattern: string): FileStat[] {
    const re = globToRegExp(pattern);
    return this.list().filter((f) => re.test(f.path));
  }

  /** Every file, by path. */
  list(): FileStat[] {
    return [...this.paths.keys()].sort().map((p) => this.stat(p)!);
  }

  private node(path: string): Inode {
    const id = this.paths.get(path);
    if (id === undefined) throw new Error(`No such file ${path}`);
    return this.inodes.get(id)!;
  }

  private unlink(path: string): boolean {
    const id = this.paths.get(path);
    if (id === undefined) return false;
    this.paths.delete(path);
    this.inodes.delete(id);
    return true;
  }

  private statOf(path: string, n: Inode): FileStat {
    return { id: n.id, path, size: n.size, mtime: n.mtime };
  }
}
