/**
 * The Kinesis Agent lab kept in the page's IndexedDB: the virtual files (their bytes, capped by
 * the lab's size-based rotation), agent.json, the growing-file settings and the agent's
 * FILE_CHECKPOINTS rows — saved together as one snapshot so that, after a reload, the files and
 * the checkpoints agree (the agent resumes exactly after what it had delivered, spec §3.4).
 * Without IndexedDB (Node, private windows) a store in memory keeps the state for the page's life.
 */
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { FlowCheckpoint } from '../../core/agent/agent';
import { VirtualFileSystem } from '../../core/agent/vfs';

export const AGENT_DB = 'shardlab-agent';
const KEY = 'state';

/** What writes lines into a file. */
export type SourceKind = 'apacheLog' | 'apacheCommon' | 'syslog' | 'appJson' | 'csv';

/** A file that grows: what it gets, how fast, and when it is rotated. */
export interface SourceSettings {
  readonly path: string;
  readonly kind: SourceKind;
  readonly perSecond: number;
  readonly growing: boolean;
  /** Rotate (logrotate `create`) every N lines; 0 = never. */
  readonly rotateEveryLines: number;
}

/** One file of the virtual file system, with its inode id (checkpoints name files by id). */
export interface SavedFile {
  readonly id: string;
  readonly path: string;
  readonly mtime: number;
  readonly data: Uint8Array;
}

export interface AgentSavedState {
  readonly version: 1;
  readonly files: readonly SavedFile[];
  readonly config: string;
  readonly checkpoints: readonly FlowCheckpoint[];
  readonly sources: readonly SourceSettings[];
  readonly running: boolean;
  /** Lines written so far (seeds the next generators, so a reload does not replay the same lines). */
  readonly linesWritten: number;
}

/** Where the lab saves itself. */
export interface AgentStore {
  /** True when saved state survives a reload (IndexedDB). */
  readonly persistent: boolean;
  load(): Promise<AgentSavedState | undefined>;
  /** Resolves once the state is written (the IndexedDB transaction completed). */
  save(state: AgentSavedState): Promise<void>;
  close(): void;
}

interface Schema extends DBSchema {
  snapshot: { key: string; value: AgentSavedState };
}

/** A store in memory: survives a new AgentLab in the same page (and tests), not a reload. */
export function memoryAgentStore(): AgentStore {
  let saved: AgentSavedState | undefined;
  return {
    persistent: false,
    load: async () => saved,
    save: async (s) => void (saved = s),
    close: () => undefined,
  };
}

/** Opens the IndexedDB store `name`, or a memory store when the browser has no IndexedDB. */
export async function openAgentStore(name = AGENT_DB): Promise<AgentStore> {
  if (typeof indexedDB === 'undefined') return memoryAgentStore();
  let db: IDBPDatabase<Schema>;
  try {
    db = await openDB<Schema>(name, 1, {
      upgrade(d, oldVersion) {
        if (oldVersion < 1) d.createObjectStore('snapshot');
      },
    });
  } catch (e) {
    // Blocked or refused (Firefox private mode): keep working without persistence.
    console.warn('Shardlab could not open the Kinesis Agent store:', e);
    return memoryAgentStore();
  }
  return {
    persistent: true,
    load: async () => {
      const s = await db.get('snapshot', KEY).catch(() => undefined);
      return s?.version === 1 ? s : undefined;
    },
    save: async (s) => {
      await db.put('snapshot', s, KEY);
    },
    close: () => db.close(),
  };
}

/** Every file of `vfs` with its bytes, as saved. */
export function saveFiles(vfs: VirtualFileSystem): SavedFile[] {
  return vfs.list().map((f) => ({ id: f.id, path: f.path, mtime: f.mtime, data: vfs.read(f.id, 0) }));
}

/**
 * A file system holding the saved files. The VFS numbers inodes itself, so files are made again
 * in their old id order (keeping the tailer's oldest-first tie-break) and `ids` maps each old id
 * to the new one; `restoreCheckpoints` rewrites the checkpoints with it.
 */
export function restoreFiles(files: readonly SavedFile[], clock: () => number): { vfs: VirtualFileSystem; ids: Map<string, string> } {
  let stamp: number | undefined;
  const vfs = new VirtualFileSystem(() => stamp ?? clock());
  const ids = new Map<string, string>();
  const num = (id: string): number => Number(id.replace(/\D/g, '')) || 0;
  for (const f of [...files].sort((a, b) => num(a.id) - num(b.id))) {
    stamp = f.mtime;
    vfs.create(f.path);
    const st = vfs.append(f.path, f.data);
    ids.set(f.id, st.id);
  }
  stamp = undefined;
  return { vfs, ids };
}

/** Checkpoints with their file ids translated; a checkpoint of a file not saved keeps its id (the agent then moves on by mtime). */
export function restoreCheckpoints(checkpoints: readonly FlowCheckpoint[], ids: ReadonlyMap<string, string>): FlowCheckpoint[] {
  return checkpoints.map((c) => ({ ...c, fileId: ids.get(c.fileId) ?? `gone-${c.fileId}` }));
}
