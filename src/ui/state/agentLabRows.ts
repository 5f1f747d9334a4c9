/**
 * The Kinesis Agent lab's plain data (agentLab.svelte.ts): the file list, the records it sent, the
 * sources a saved lab resumes with, and the snapshot it saves. Pure, so the lab keeps only state.
 */
import type { FlowCheckpoint } from '../../core/agent/agent';
import type { FileStat, VirtualFileSystem } from '../../core/agent/vfs';
import { decodeBase64 } from '../../core/util/base64';
import { saveFiles, type AgentSavedState, type SourceSettings } from './agentPersist';

/** A file as the panel lists it. */
export interface FileRow {
  readonly path: string;
  readonly id: string;
  readonly size: number;
  readonly mtime: number;
  /** The source writing into it (undefined for rotated files). */
  readonly source?: SourceSettings;
}

/** A record the agent delivered, as it sent it (after dataProcessingOptions). */
export interface SentRecord {
  readonly destination: string;
  readonly text: string;
  readonly at: number;
}

/** The host's files as rows, each with the source writing into it. */
export function fileRows(files: readonly FileStat[], sources: readonly SourceSettings[]): FileRow[] {
  return files.map((f) => {
    const source = sources.find((s) => s.path === f.path);
    return { path: f.path, id: f.id, size: f.size, mtime: f.mtime, ...(source ? { source } : {}) };
  });
}

/** A saved lab's sources, then the default files added since it was saved. */
export function resumedSources(saved: readonly SourceSettings[], defaults: readonly SourceSettings[]): SourceSettings[] {
  return [...saved, ...defaults.filter((d) => !saved.some((x) => x.path === d.path))];
}

/** Whether any flow's checkpoint moved (offset or file) between two looks. */
export function checkpointsMoved(before: readonly FlowCheckpoint[], after: readonly FlowCheckpoint[]): boolean {
  return after.some((c, i) => c.offset !== before[i]?.offset || c.fileId !== before[i]?.fileId);
}

/** The newest `keep` records sent: `data` (base64, in send order) at `at` on top of `recent`. */
export function withSent(recent: readonly SentRecord[], destination: string, at: number, data: readonly string[], keep: number): SentRecord[] {
  const decoder = new TextDecoder();
  const fresh = data.slice(-keep).map((d) => ({ destination, at, text: decoder.decode(decodeBase64(d)) }));
  return [...fresh.reverse(), ...recent].slice(0, keep);
}

/** What the lab is made of now, as one saved snapshot (files and checkpoints taken together). */
export interface AgentLabParts {
  readonly vfs: VirtualFileSystem;
  readonly config: string;
  readonly checkpoints: Iterable<FlowCheckpoint>;
  readonly sources: readonly SourceSettings[];
  readonly running: boolean;
  readonly linesWritten: number;
}

/** The snapshot agentPersist saves, taken synchronously from `parts`. */
export function agentSavedState(parts: AgentLabParts): AgentSavedState {
  return {
    version: 1,
    files: saveFiles(parts.vfs),
    config: parts.config,
    checkpoints: [...parts.checkpoints],
    sources: parts.sources,
    running: parts.running,
    linesWritten: parts.linesWritten,
  };
}
