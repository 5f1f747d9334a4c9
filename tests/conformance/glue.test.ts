/**
 * The Glue Data Catalog API through the real `@aws-sdk/client-glue` and Shardlab's wire handler:
 * databases and tables (create, get, list with paging and Expression, update, delete) and Glue's
 * errors as the SDK's typed exceptions.
 */
import {
  AlreadyExistsException, ConcurrentModificationException, CreateDatabaseCommand, CreateTableCommand, DeleteDatabaseCommand,
  DeleteTableCommand, EntityNotFoundException, GetDatabaseCommand, GetDatabasesCommand, GetTableCommand, GetTablesCommand,
  GlueClient, GlueServiceException, InvalidInputException, UpdateTableCommand, type TableInput,
} from '@aws-sdk/client-glue';
import { describe, expect, it } from 'vitest';
import { createRequestHandler } from '../../src/api/requestHandler.js';
import { createServiceRouter } from '../../src/api/router.js';
import { GlueCatalog } from '../../src/core/glue/catalog.js';
import { GlueService } from '../../src/core/glue/api.js';
import { expectAwsError } from './harness.js';

const START = Date.UTC(2026, 0, 1, 12, 0, 0);

function setup() {
  let now = START;
  const catalog = new GlueCatalog({ accountId: '123456789012', now: () => now });
  const glue = new GlueClient({
    region: 'us-east-1',
    credentials: { accessKeyId: 'x', secretAccessKey: 'x' },
    requestHandler: createRequestHandler(createServiceRouter({ json: [new GlueService(catalog)] })),
    maxAttempts: 1,
  });
  return { glue, catalog, advance: (ms: number) => { now += ms; } };
}

/** Glue's error through the Glue client: exception class, name and message. */
async function glueError<E extends Error>(p: Promise<unknown>, cls: abstract new (...args: never[]) => E, name: string, message?: string | RegExp): Promise<void> {
  const e = await expectAwsError(p, name, message, GlueServiceException);
  expect(e).toBeInstanceOf(cls);
}

const TABLE: TableInput = {
  Name: 'Clicks',
  Description: 'click stream',
  Owner: 'analytics',
  TableType: 'EXTERNAL_TABLE',
  Parameters: { classification: 'parquet' },
  PartitionKeys: [{ Name: 'dt', Type: 'string' }],
  StorageDescriptor: {
    Columns: [{ Name: 'user_id', Type: 'bigint', Comment: 'who' }, { Name: 'url', Type: 'string' }],
    Location: 's3://lake/clicks/',
    InputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat',
    OutputFormat: 'org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat',
    SerdeInfo: { SerializationLibrary: 'org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe', Parameters: { 'serialization.format': '1' } },
    Compressed: false,
  },
};

describe('Glue databases', () => {
  it('creates, gets (lower-cased, epoch-second CreateTime) and deletes a database', async () => {
    const { glue } = setup();
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'Analytics', Description: 'lake', LocationUri: 's3://lake/', Parameters: { k: 'v' } } }));
    const { Database } = await glue.send(new GetDatabaseCommand({ Name: 'ANALYTICS' }));
    expect(Database).toEqual({
      Name: 'analytics', Description: 'lake', LocationUri: 's3://lake/', Parameters: { k: 'v' }, CreateTime: new Date(START), CatalogId: '123456789012',
      CreateTableDefaultPermissions: [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }],
    });
    await glue.send(new DeleteDatabaseCommand({ Name: 'analytics' }));
    await glueError(glue.send(new GetDatabaseCommand({ Name: 'analytics' })), EntityNotFoundException, 'EntityNotFoundException', 'Database analytics not found.');
  });

  it('answers AlreadyExistsException, EntityNotFoundException and InvalidInputException as Glue does', async () => {
    const { glue } = setup();
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    await glueError(glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'DB' } })), AlreadyExistsException, 'AlreadyExistsException', 'Database already exists.');
    await glueError(glue.send(new DeleteDatabaseCommand({ Name: 'nope' })), EntityNotFoundException, 'EntityNotFoundException', 'Database nope not found.');
    await glueError(glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: '' } })), InvalidInputException, 'InvalidInputException',
      "1 validation error detected: Value '' at 'databaseInput.name' failed to satisfy constraint: Member must have length greater than or equal to 1");
    await glueError(glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'x'.repeat(256) } })), InvalidInputException, 'InvalidInputException',
      /^1 validation error detected: Value 'x+' at 'databaseInput.name' failed to satisfy constraint: Member must have length less than or equal to 255$/);
    await glueError(glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'two\nlines' } })), InvalidInputException, 'InvalidInputException',
      /at 'databaseInput.name' failed to satisfy constraint: Member must satisfy regular expression pattern: \[\\u0020-\\uD7FF/);
    await glueError(glue.send(new CreateDatabaseCommand({} as never)), InvalidInputException, 'InvalidInputException',
      "1 validation error detected: Value null at 'databaseInput' failed to satisfy constraint: Member must not be null");
    await glueError(glue.send(new GetDatabaseCommand({} as never)), InvalidInputException, 'InvalidInputException',
      "1 validation error detected: Value null at 'name' failed to satisfy constraint: Member must not be null");
  });

  it('pages GetDatabases with MaxResults and NextToken, in name order', async () => {
    const { glue } = setup();
    for (const n of ['c', 'a', 'e', 'b', 'd']) await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: n } }));
    const names: string[] = [];
    let NextToken: string | undefined;
    let pages = 0;
    do {
      const out = await glue.send(new GetDatabasesCommand({ MaxResults: 2, NextToken }));
      names.push(...out.DatabaseList!.map((d) => d.Name!));
      NextToken = out.NextToken;
      pages++;
    } while (NextToken);
    expect(names).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(pages).toBe(3);
    const all = await glue.send(new GetDatabasesCommand({}));
    expect(all.DatabaseList!.map((d) => d.Name)).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(all.NextToken).toBeUndefined();
    await glueError(glue.send(new GetDatabasesCommand({ MaxResults: 0 })), InvalidInputException, 'InvalidInputException',
      "1 validation error detected: Value '0' at 'maxResults' failed to satisfy constraint: Member must have value greater than or equal to 1");
    await glueError(glue.send(new GetDatabasesCommand({ NextToken: 'garbage' })), InvalidInputException, 'InvalidInputException');
  });
});

describe('Glue tables', () => {
  it('creates a table and gets it back as Glue stores it', async () => {
    const { glue } = setup();
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'lake' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'LAKE', TableInput: TABLE }));
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: 'lake', Name: 'CLICKS' }));
    expect(Table).toEqual({
      ...TABLE,
      Name: 'clicks', DatabaseName: 'lake', CreateTime: new Date(START), UpdateTime: new Date(START), Retention: 0,
      VersionId: '0', CatalogId: '123456789012', IsRegisteredWithLakeFormation: false,
    });
  });

  it('answers the table errors: missing database, missing table, duplicate, invalid input', async () => {
    const { glue } = setup();
    await glueError(glue.send(new CreateTableCommand({ DatabaseName: 'nodb', TableInput: { Name: 't' } })), EntityNotFoundException, 'EntityNotFoundException', 'Database nodb not found.');
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: { Name: 't' } }));
    await glueError(glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: { Name: 'T' } })), AlreadyExistsException, 'AlreadyExistsException', 'Table already exists.');
    await glueError(glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'nope' })), EntityNotFoundException, 'EntityNotFoundException', 'Table nope not found.');
    await glueError(glue.send(new GetTableCommand({ DatabaseName: 'nodb', Name: 't' })), EntityNotFoundException, 'EntityNotFoundException', 'Database nodb not found.');
    await glueError(glue.send(new DeleteTableCommand({ DatabaseName: 'db', Name: 'nope' })), EntityNotFoundException, 'EntityNotFoundException', 'Table nope not found.');
    await glueError(glue.send(new UpdateTableCommand({ DatabaseName: 'db', TableInput: { Name: 'nope' } })), EntityNotFoundException, 'EntityNotFoundException', 'Table nope not found.');
    await glueError(glue.send(new CreateTableCommand({ DatabaseName: 'db' } as never)), InvalidInputException, 'InvalidInputException',
      "1 validation error detected: Value null at 'tableInput' failed to satisfy constraint: Member must not be null");
    await glueError(glue.send(new GetTableCommand({ DatabaseName: '', Name: '' })), InvalidInputException, 'InvalidInputException',
      "2 validation errors detected: Value '' at 'databaseName' failed to satisfy constraint: Member must have length greater than or equal to 1; " +
      "Value '' at 'name' failed to satisfy constraint: Member must have length greater than or equal to 1");
    await glueError(glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: { Name: 'c', StorageDescriptor: { Columns: [{ Name: 'bad\nname', Type: 'int' }] } } })),
      InvalidInputException, 'InvalidInputException', /tableInput\.storageDescriptor\.columns\.1\.member\.name/);
  });

  it('lists tables with an Expression filter and paging', async () => {
    const { glue } = setup();
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    for (const n of ['sales_2024', 'sales_2025', 'clicks', 'orders']) await glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: { Name: n } }));
    const names = async (Expression?: string) => ((await glue.send(new GetTablesCommand({ DatabaseName: 'db', Expression }))).TableList ?? []).map((t) => t.Name);
    expect(await names()).toEqual(['clicks', 'orders', 'sales_2024', 'sales_2025']);
    expect(await names('sales*')).toEqual(['sales_2024', 'sales_2025']);
    expect(await names('clicks|orders')).toEqual(['clicks', 'orders']);
    expect(await names('SALES_2024')).toEqual(['sales_2024']);
    expect(await names('click')).toEqual([]);
    const first = await glue.send(new GetTablesCommand({ DatabaseName: 'db', MaxResults: 3 }));
    expect(first.TableList!.map((t) => t.Name)).toEqual(['clicks', 'orders', 'sales_2024']);
    const second = await glue.send(new GetTablesCommand({ DatabaseName: 'db', MaxResults: 3, NextToken: first.NextToken }));
    expect(second.TableList!.map((t) => t.Name)).toEqual(['sales_2025']);
    expect(second.NextToken).toBeUndefined();
    await glueError(glue.send(new GetTablesCommand({ DatabaseName: 'nodb' })), EntityNotFoundException, 'EntityNotFoundException', 'Database nodb not found.');
    await glueError(glue.send(new GetTablesCommand({ DatabaseName: 'db', Expression: '(' })), InvalidInputException, 'InvalidInputException');
  });

  it('updates a table: new definition, same CreateTime, later UpdateTime, VersionId + 1; a stale VersionId conflicts', async () => {
    const { glue, advance } = setup();
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: TABLE }));
    advance(60_000);
    await glue.send(new UpdateTableCommand({ DatabaseName: 'db', TableInput: { Name: 'clicks', StorageDescriptor: { Columns: [{ Name: 'n', Type: 'int' }] } } }));
    const { Table } = await glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'clicks' }));
    expect(Table!.StorageDescriptor!.Columns).toEqual([{ Name: 'n', Type: 'int' }]);
    expect(Table!.Description).toBeUndefined();
    expect(Table!.CreateTime).toEqual(new Date(START));
    expect(Table!.UpdateTime).toEqual(new Date(START + 60_000));
    expect(Table!.VersionId).toBe('1');
    await glue.send(new UpdateTableCommand({ DatabaseName: 'db', VersionId: '1', TableInput: { Name: 'clicks' } }));
    await glueError(glue.send(new UpdateTableCommand({ DatabaseName: 'db', VersionId: '1', TableInput: { Name: 'clicks' } })),
      ConcurrentModificationException, 'ConcurrentModificationException', 'Update table failed due to concurrent modifications.');
  });

  it('deletes a table, and a database with all its tables', async () => {
    const { glue } = setup();
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: { Name: 'a' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'db', TableInput: { Name: 'b' } }));
    await glue.send(new DeleteTableCommand({ DatabaseName: 'db', Name: 'A' }));
    expect((await glue.send(new GetTablesCommand({ DatabaseName: 'db' }))).TableList!.map((t) => t.Name)).toEqual(['b']);
    await glue.send(new DeleteDatabaseCommand({ Name: 'db' }));
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'db' } }));
    expect((await glue.send(new GetTablesCommand({ DatabaseName: 'db' }))).TableList).toEqual([]);
    await glueError(glue.send(new GetTableCommand({ DatabaseName: 'db', Name: 'b' })), EntityNotFoundException, 'EntityNotFoundException', 'Table b not found.');
  });

  it('feeds Firehose format conversion its storage columns (partition keys are in the path)', async () => {
    const { glue, catalog } = setup();
    await glue.send(new CreateDatabaseCommand({ DatabaseInput: { Name: 'lake' } }));
    await glue.send(new CreateTableCommand({ DatabaseName: 'lake', TableInput: TABLE }));
    expect(catalog.columnsOf('lake', 'clicks')).toEqual({ ok: true, value: [{ Name: 'user_id', Type: 'bigint' }, { Name: 'url', Type: 'string' }] });
  });
});
