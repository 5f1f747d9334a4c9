import { describe, expect, it } from 'vitest';
import { consumerSub, consumerTitle, fmtAge, laneName, shardState, shortShard, squeeze } from './flowLabels';

describe('flow labels', () => {
  it('name shards, ages and lanes', () => {
    expect(shortShard('shardId-000000000003')).toBe('shard 3');
    expect(fmtAge(250)).toBe('250 ms');
    expect(fmtAge(1500)).toBe('1.5 s');
    expect(laneName('shardId-000000000001', true, 12.4)).toBe('shard 1 · 12/s');
    expect(laneName('shardId-000000000001', false, 12.4)).toBe('shard 1 · closed');
    expect([shardState(false, 900), shardState(true, 800), shardState(true, 1), shardState(true, 0)]).toEqual(['closed', 'hot', 'busy', 'idle']);
  });

  it('label consumers, known or not', () => {
    const v = { name: 'app', shards: ['shardId-000000000000', 'shardId-000000000002'], ageMs: 1200 };
    expect(consumerTitle(v, 'app:1')).toBe('app · shard 0, shard 2');
    expect(consumerTitle(undefined, 'reader-4')).toBe('reader-4');
    expect(consumerSub(v, 'shared')).toBe('GetRecords · age 1.2 s');
    expect(consumerSub({ ...v, detail: 'checkpoints' }, 'enhanced')).toBe('checkpoints · age 1.2 s');
    expect(consumerSub(undefined, 'enhanced')).toBe('own 2 MB/s · age –');
  });

  it('squeeze only a label longer than a room worth squeezing into', () => {
    expect(squeeze('short', 8, 100)).toEqual({});
    expect(squeeze('a much longer label', 8, 100)).toEqual({ textLength: 100, lengthAdjust: 'spacingAndGlyphs' });
    expect(squeeze('a much longer label', 8, 30)).toEqual({});
  });
});
