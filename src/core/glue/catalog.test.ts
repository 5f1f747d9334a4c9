import { describe, expect, it } from 'vitest';
import { GlueCatalog, type GlueCatalogEvent } from './catalog.js';

function setup() {
  let now = Date.UTC(2026, 0, 1);
  const catalog = new GlueCatalog({ accountId: '123456789012', now: () => now });
  return { catalog, advance: (ms: number) => { now += ms; }, now: () => now };
}

const value = <T>(r: { ok: true; value: T } | { ok: false; error: unknown }): T => {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.error)}`);
  return r.value;
};

const COLUMNS = [{ Name: 'id', Type: 'int', Comment: 'key' }, { Name: 'msg', Type: 'string' }];

describe('GlueCatalog', () => {
  it('stores database names lower-case and finds them in any case', () => {
    const { catalog, now } = setup();
    const db = value(catalog.createDatabase({ Name: 'Sales', Description: 'd', Parameters: { a: 'b' } }));
    expect(db).toEqual({ Name: 'sales', Description: 'd', Parameters: { a: 'b' }, CreateTime: now(), CatalogId: '123456789012' });
    expect(value(catalog.getDatabase('SALES')).Name).toBe('sales');
    expect(catalog.createDatabase({ Name: 'sales' })).toEqual({ ok: false, error: { __type: 'AlreadyExistsException', message: 'Database already exists.', status: 400 } });
    expect(catalog.getDatabase('nope')).toEqual({ ok: false, error: { __type: 'EntityNotFoundException', message: 'Database nope not found.', status: 400 } });
  });

  it('creates tables with VersionId "0", times, defaults and the account as CatalogId', () => {
    const { catalog, now } = setup();
    catalog.createDatabase({ Name: 'db' });
    const t = value(catalog.createTable('DB', {
      Name: 'Events', Owner: 'me', TableType: 'EXTERNAL_TABLE', Parameters: { classification: 'parquet' },
      StorageDescriptor: { Columns: COLUMNS, Location: 's3://lake/events/', Compressed: false, SerdeInfo: { SerializationLibrary: 'x' } },
    }));
    expect(t).toMatchObject({
      Name: 'events', DatabaseName: 'db', Owner: 'me', TableType: 'EXTERNAL_TABLE', CreateTime: now(), UpdateTime: now(), Retention: 0,
      PartitionKeys: [], VersionId: '0', CatalogId: '123456789012', IsRegisteredWithLakeFormation: false,
    });
    expect(t.StorageDescriptor).toEqual({ Columns: COLUMNS, Location: 's3://lake/events/', Compressed: false, SerdeInfo: { SerializationLibrary: 'x' } });
    expect(catalog.createTable('db', { Name: 'EVENTS' })).toMatchObject({ ok: false, error: { __type: 'AlreadyExistsException', message: 'Table already exists.' } });
    expect(catalog.createTable('none', { Name: 'x' })).toMatchObject({ ok: false, error: { __type: 'EntityNotFoundException', message: 'Database none not found.' } });
    expect(catalog.getTable('db', 'missing')).toMatchObject({ ok: false, error: { __type: 'EntityNotFoundException', message: 'Table missing not found.' } });
  });

  it('updates a table wholesale, keeping CreateTime and bumping VersionId; checks a given VersionId', () => {
    const { catalog, advance } = setup();
    catalog.createDatabase({ Name: 'db' });
    const created = value(catalog.createTable('db', { Name: 't', Description: 'old', StorageDescriptor: { Columns: COLUMNS } }));
    advance(5000);
    const updated = value(catalog.updateTable('db', { Name: 'T', StorageDescriptor: { Columns: [COLUMNS[0]!] } }));
    expect(updated.VersionId).toBe('1');
    expect(updated.CreateTime).toBe(created.CreateTime);
    expect(updated.UpdateTime).toBe(created.CreateTime + 5000);
    expect(updated.Description).toBeUndefined();
    expect(value(catalog.updateTable('db', { Name: 't' }, '1')).VersionId).toBe('2');
    expect(catalog.updateTable('db', { Name: 't' }, '1')).toMatchObject({ ok: false, error: { __type: 'ConcurrentModificationException' } });
    expect(catalog.updateTable('db', { Name: 'zz' })).toMatchObject({ ok: false, error: { message: 'Table zz not found.' } });
  });

  it('returns copies: changing a result does not change the catalog', () => {
    const { catalog } = setup();
    catalog.createDatabase({ Name: 'db' });
    value(catalog.createTable('db', { Name: 't', StorageDescriptor: { Columns: COLUMNS } })).StorageDescriptor!.Columns!.push({ Name: 'x', Type: 'int' });
    expect(value(catalog.getTable('db', 't')).StorageDescriptor!.Columns).toHaveLength(2);
  });

  it('lists by name and deletes a database with its tables', () => {
    const { catalog } = setup();
    catalog.createDatabase({ Name: 'b' });
    catalog.createDatabase({ Name: 'a' });
    catalog.createTable('b', { Name: 't2' });
    catalog.createTable('b', { Name: 't1' });
    expect(catalog.listDatabases().map((d) => d.Name)).toEqual(['a', 'b']);
    expect(value(catalog.listTables('b')).map((t) => t.Name)).toEqual(['t1', 't2']);
    expect(value(catalog.deleteTable('b', 'T1'))).toBeUndefined();
    expect(catalog.deleteTable('b', 't1')).toMatchObject({ ok: false, error: { message: 'Table t1 not found.' } });
    expect(value(catalog.deleteDatabase('B'))).toBeUndefined();
    catalog.createDatabase({ Name: 'b' });
    expect(value(catalog.listTables('b'))).toEqual([]);
    expect(catalog.deleteDatabase('zz')).toMatchObject({ ok: false, error: { message: 'Database zz not found.' } });
  });

  it('gives the conversion columns (the storage columns: partition keys are in the path) or the not-found error', () => {
    const { catalog } = setup();
    catalog.createDatabase({ Name: 'db' });
    catalog.createTable('db', { Name: 't', StorageDescriptor: { Columns: COLUMNS }, PartitionKeys: [{ Name: 'dt', Type: 'string' }] });
    expect(value(catalog.columnsOf('db', 't'))).toEqual([{ Name: 'id', Type: 'int' }, { Name: 'msg', Type: 'string' }]);
    expect(catalog.columnsOf('db', 'nope')).toMatchObject({ ok: false, error: { __type: 'EntityNotFoundException' } });
    expect(catalog.columnsOf('nodb', 't')).toMatchObject({ ok: false, error: { message: 'Database nodb not found.' } });
  });

  it('tells observers what changed, until they unsubscribe', () => {
    const { catalog } = setup();
    const seen: GlueCatalogEvent[] = [];
    const stop = catalog.observe((e) => seen.push(e));
    catalog.createDatabase({ Name: 'db' });
    catalog.createTable('db', { Name: 't' });
    catalog.updateTable('db', { Name: 't' });
    catalog.createTable('db', { Name: 'fail' });
    catalog.createTable('db', { Name: 'fail' }); // an error changes nothing
    catalog.deleteTable('db', 'fail');
    catalog.deleteDatabase('db');
    stop();
    catalog.createDatabase({ Name: 'later' });
    expect(seen).toEqual([
      { type: 'DatabaseCreated', database: 'db' },
      { type: 'TableCreated', database: 'db', table: 't' },
      { type: 'TableUpdated', database: 'db', table: 't' },
      { type: 'TableCreated', database: 'db', table: 'fail' },
      { type: 'TableDeleted', database: 'db', table: 'fail' },
      { type: 'TableDeleted', database: 'db', table: 't' },
      { type: 'DatabaseDeleted', database: 'db' },
    ]);
  });

  it('snapshots to plain JSON and loads it back into an equal catalog', () => {
    const { catalog } = setup();
    catalog.createDatabase({ Name: 'db', LocationUri: 's3://x/' });
    catalog.createTable('db', { Name: 't', StorageDescriptor: { Columns: COLUMNS } });
    catalog.updateTable('db', { Name: 't', StorageDescriptor: { Columns: COLUMNS }, Retention: 3 });
    const snap = JSON.parse(JSON.stringify(catalog.snapshot()));
    expect(snap).toEqual(catalog.snapshot());
    const other = setup().catalog;
    other.load(snap);
    expect(other.snapshot()).toEqual(catalog.snapshot());
    expect(value(other.getTable('db', 't'))).toMatchObject({ VersionId: '1', Retention: 3 });
    expect(value(other.createTable('db', { Name: 'u' })).DatabaseName).toBe('db');
  });
});
