import { afterEach, describe, expect, it } from 'vitest';
import { DescribeDeliveryStreamCommand } from '@aws-sdk/client-firehose';
import { GetTableCommand } from '@aws-sdk/client-glue';
import { createMemoryHost } from '../../broker/memoryHost';
import type { SimulationHost } from '../../broker/host';
import { DEFAULT_FORM, FirehoseLab, parseGlueColumns } from './firehoseLab.svelte';
import { chooseDestination } from './destinationForm';
import { Messages } from './messages.svelte';

let host: SimulationHost | undefined;
afterEach(async () => {
  await host?.close();
  host = undefined;
});

const ACCOUNT = { region: 'us-east-1', accountId: '123456789012' };

describe('the create form, as CreateDeliveryStream gets it', () => {
  it('Redshift: makes the cluster with the form\'s login if missing, and names it by its JDBC URL (no error prefix)', async () => {
    host = createMemoryHost();
    const messages = new Messages();
    const lab = new FirehoseLab(host, messages);
    const form = { ...chooseDestination(DEFAULT_FORM, 'Redshift'), name: 'to-rs', clusterId: 'dw', dbPassword: 'Classroom2' };
    expect(await lab.create(form, ACCOUNT)).toBe(true);
    expect(messages.list).toEqual([]);
    const cluster = host.redshift.list().find((c) => c.identifier === 'dw')!;
    expect(cluster.masterUsername).toBe('awsuser');
    const d = await host.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'to-rs' }));
    const r = d.DeliveryStreamDescription!.Destinations![0]!.RedshiftDestinationDescription!;
    expect(r.ClusterJDBCURL).toBe(cluster.jdbcUrl);
    expect(r.RetryOptions).toEqual({ DurationInSeconds: 3600 });
    expect(r.S3DestinationDescription).not.toHaveProperty('ErrorOutputPrefix');
    // A second stream to the same cluster reuses it (its login must match the cluster's).
    expect(await lab.create({ ...form, name: 'to-rs-2' }, ACCOUNT)).toBe(true);
    expect(host.redshift.list()).toHaveLength(1);
  });

  it('Parquet: makes the Glue table from the columns if missing and asks for the conversion with it', async () => {
    host = createMemoryHost();
    const messages = new Messages();
    const lab = new FirehoseLab(host, messages);
    const form = { ...DEFAULT_FORM, name: 'to-pq', parquet: true, sizeMiB: 64, glueColumns: 'id int, price decimal(10,2), tags array<string>' };
    expect(await lab.create(form, ACCOUNT)).toBe(true);
    expect(messages.list).toEqual([]);
    const t = await host.glue.send(new GetTableCommand({ DatabaseName: 'shardlab', Name: 'quotes' }));
    expect(t.Table?.StorageDescriptor?.Columns).toEqual([{ Name: 'id', Type: 'int' }, { Name: 'price', Type: 'decimal(10,2)' }, { Name: 'tags', Type: 'array<string>' }]);
    const d = await host.firehose.send(new DescribeDeliveryStreamCommand({ DeliveryStreamName: 'to-pq' }));
    const x = d.DeliveryStreamDescription!.Destinations![0]!.ExtendedS3DestinationDescription!;
    expect(x.DataFormatConversionConfiguration?.SchemaConfiguration).toMatchObject({ DatabaseName: 'shardlab', TableName: 'quotes' });
    expect(x.CompressionFormat).toBe('UNCOMPRESSED');
    expect(x.BufferingHints?.SizeInMBs).toBe(64);
  });

  it('reads "name type" columns, keeping commas inside a type', () => {
    expect(parseGlueColumns('a int, b decimal(10, 2), c struct<x:int,y:string>')).toEqual([{ Name: 'a', Type: 'int' }, { Name: 'b', Type: 'decimal(10,2)' }, { Name: 'c', Type: 'struct<x:int,y:string>' }]);
    expect(parseGlueColumns('a')).toBeUndefined();
    expect(parseGlueColumns('')).toBeUndefined();
  });
});
