import { describe, expect, it } from 'vitest';
import { checkpointsMoved, fileRows, resumedSources, withSent } from './agentLabRows';
import type { SourceSettings } from './agentPersist';
import type { FlowCheckpoint } from '../../core/agent/agent';

const src = (path: string): SourceSettings => ({ path, kind: 'csv', perSecond: 1, growing: true, rotateEveryLines: 0 });
const b64 = (t: string): string => btoa(t);

describe('agent lab rows', () => {
  it('pairs files with the sources writing into them', () => {
    const rows = fileRows([{ path: '/a', id: '1', size: 3, mtime: 4 }, { path: '/a.1', id: '2', size: 5, mtime: 6 }], [src('/a')]);
    expect(rows).toEqual([{ path: '/a', id: '1', size: 3, mtime: 4, source: src('/a') }, { path: '/a.1', id: '2', size: 5, mtime: 6 }]);
  });

  it('resumes saved sources and adds new default ones', () => {
    expect(resumedSources([src('/a')], [src('/a'), src('/b')]).map((s) => s.path)).toEqual(['/a', '/b']);
  });

  it('notices a checkpoint that moved', () => {
    const c: FlowCheckpoint = { flow: 'f', path: '/a', fileId: '1', offset: 10, lastModifiedTime: 0, size: 10, lastUpdated: 0 };
    expect(checkpointsMoved([c], [c])).toBe(false);
    expect(checkpointsMoved([c], [{ ...c, offset: 11 }])).toBe(true);
  });

  it('keeps the newest records sent, newest first', () => {
    const recent = withSent([{ destination: 'x', text: 'old', at: 1 }], 'y', 2, [b64('one'), b64('two')], 2);
    expect(recent).toEqual([{ destination: 'y', at: 2, text: 'two' }, { destination: 'y', at: 2, text: 'one' }]);
  });
});
