import { AddTagsToStreamCommand, ListTagsForStreamCommand, PutRecordsCommand, RemoveTagsFromStreamCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { expectAwsError, setup } from './harness';

describe('AddTagsToStream / RemoveTagsFromStream / ListTagsForStream', () => {
  describe('validations', () => {
    it('rejects an empty tag map, a key over 128 characters, and more than 50 keys to remove', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new AddTagsToStreamCommand({ StreamName: 's', Tags: {} })), 'ValidationException', /at 'tags'/);
      await expectAwsError(client.send(new AddTagsToStreamCommand({ StreamName: 's', Tags: { ['k'.repeat(129)]: 'v' } })), 'ValidationException', /tags/);
      await expectAwsError(client.send(new RemoveTagsFromStreamCommand({ StreamName: 's', TagKeys: Array.from({ length: 51 }, (_, i) => `k${i}`) })), 'ValidationException', /at 'tagKeys'/);
      await expectAwsError(client.send(new ListTagsForStreamCommand({ StreamName: 's', Limit: 51 })), 'ValidationException', /at 'limit'/);
    });
  });
  describe('errors', () => {
    it('answers ResourceNotFoundException for an unknown stream and caps a stream at 50 tags', async () => {
      const { client, createActive } = setup();
      await expectAwsError(client.send(new ListTagsForStreamCommand({ StreamName: 'none' })), 'ResourceNotFoundException');
      await createActive('s');
      await client.send(new AddTagsToStreamCommand({ StreamName: 's', Tags: Object.fromEntries(Array.from({ length: 50 }, (_, i) => [`k${i}`, 'v'])) }));
      await expectAwsError(client.send(new AddTagsToStreamCommand({ StreamName: 's', Tags: { one: 'more' } })), 'InvalidArgumentException', /more than 50 tags/);
    });
  });
  describe('functionality', () => {
    it('adds, overwrites, lists in key order with paging, and removes', async () => {
      const { client, createActive } = setup();
      await createActive('s');
      await client.send(new AddTagsToStreamCommand({ StreamName: 's', Tags: { b: '2', a: '1', c: '3' } }));
      await client.send(new AddTagsToStreamCommand({ StreamName: 's', Tags: { a: 'one' } }));
      const p1 = await client.send(new ListTagsForStreamCommand({ StreamName: 's', Limit: 2 }));
      expect(p1.Tags).toEqual([{ Key: 'a', Value: 'one' }, { Key: 'b', Value: '2' }]);
      expect(p1.HasMoreTags).toBe(true);
      const p2 = await client.send(new ListTagsForStreamCommand({ StreamName: 's', ExclusiveStartTagKey: 'b' }));
      expect(p2.Tags).toEqual([{ Key: 'c', Value: '3' }]);
      expect(p2.HasMoreTags).toBe(false);
      await client.send(new RemoveTagsFromStreamCommand({ StreamName: 's', TagKeys: ['a', 'zz'] }));
      expect((await client.send(new ListTagsForStreamCommand({ StreamName: 's' }))).Tags?.map((t) => t.Key)).toEqual(['b', 'c']);
    });
    it('the tag shardlab:limits=off lifts the per-shard limits of that stream, visibly; removing it restores them', async () => {
      const { client, createActive } = setup();
      await createActive('s', 1);
      const burst = async () => {
        let failed = 0;
        for (let i = 0; i < 3; i++) {
          failed += (await client.send(new PutRecordsCommand({ StreamName: 's', Records: Array.from({ length: 500 }, (_, k) => ({ PartitionKey: `k${k}`, Data: new Uint8Array(1) })) }))).FailedRecordCount ?? 0;
        }
        return failed;
      };
      await client.send(new AddTagsToStreamCommand({ StreamName: 's', Tags: { 'shardlab:limits': 'off' } }));
      expect(await burst()).toBe(0);
      expect((await client.send(new ListTagsForStreamCommand({ StreamName: 's' }))).Tags).toContainEqual({ Key: 'shardlab:limits', Value: 'off' });
      await client.send(new RemoveTagsFromStreamCommand({ StreamName: 's', TagKeys: ['shardlab:limits'] }));
      expect(await burst()).toBeGreaterThan(0);
    });
  });
});
