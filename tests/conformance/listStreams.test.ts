import { ListStreamsCommand } from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import { expectAwsError, setup } from './harness';

describe('ListStreams', () => {
  describe('validations', () => {
    it('rejects Limit 0', async () => {
      const { client } = setup();
      await expectAwsError(client.send(new ListStreamsCommand({ Limit: 0 })), 'ValidationException', /at 'limit'/);
    });
  });
  describe('errors', () => {
    it('rejects a NextToken older than 300 s and a forged one', async () => {
      const { client, sim, createActive } = setup();
      for (const n of ['a', 'b']) await createActive(n);
      const p = await client.send(new ListStreamsCommand({ Limit: 1 }));
      sim.clock.advance(300_001);
      await expectAwsError(client.send(new ListStreamsCommand({ NextToken: p.NextToken })), 'ExpiredNextTokenException');
      await expectAwsError(client.send(new ListStreamsCommand({ NextToken: 'garbage' })), 'InvalidArgumentException');
    });
  });
  describe('functionality', () => {
    it('lists names in order with summaries, paging by Limit, NextToken and ExclusiveStartStreamName', async () => {
      const { client, createActive } = setup();
      for (const n of ['c', 'a', 'b']) await createActive(n);
      const p1 = await client.send(new ListStreamsCommand({ Limit: 2 }));
      expect(p1.StreamNames).toEqual(['a', 'b']);
      expect(p1.HasMoreStreams).toBe(true);
      expect(p1.StreamSummaries?.[0]).toMatchObject({ StreamName: 'a', StreamStatus: 'ACTIVE' });
      const p2 = await client.send(new ListStreamsCommand({ NextToken: p1.NextToken }));
      expect(p2.StreamNames).toEqual(['c']);
      expect(p2.HasMoreStreams).toBe(false);
      expect(p2.NextToken).toBeUndefined();
      const p3 = await client.send(new ListStreamsCommand({ ExclusiveStartStreamName: 'a' }));
      expect(p3.StreamNames).toEqual(['b', 'c']);
    });
  });
});
