/**
 * A simulated AWS Glue Data Catalog: databases and tables, the part Firehose's record format
 * conversion reads its schema from (spec §5.4). One catalog per account (CatalogId = account id).
 *
 * Glue's rules kept here: database and table names are stored lower-case ("For Hive
 * compatibility, this is folded to lowercase when it is stored", GetDatabase API docs) and looked
 * up case-insensitively; a table's VersionId is a decimal string that starts at "0" and goes up by
 * one per UpdateTable (Unsure: from floci-io/floci GlueService and memory of GetTable output, not
 * a capture); deleting a database deletes its tables.
 *
 * Pure: time comes from the injected `now`. Errors are AWS-shaped data (`Result`). Times are kept
 * as epoch milliseconds; the API turns them into epoch seconds for the wire.
 */
import type { AwsError, Result } from '../kinesis/errors.js';
import type { GlueColumn } from '../firehose/formatConversion.js';

export type { GlueColumn };

/** A column as Glue stores it. */
export interface CatalogColumn extends GlueColumn {
  Comment?: string;
  Parameters?: Record<string, string>;
}

export interface StorageDescriptor {
  Columns?: CatalogColumn[];
  Location?: string;
  InputFormat?: string;
  OutputFormat?: string;
  SerdeInfo?: { Name?: string; SerializationLibrary?: string; Parameters?: Record<string, string> };
  /** Anything else Glue's StorageDescriptor has (Compressed, BucketColumns, SortColumns, …), kept as given. */
  [member: string]: unknown;
}

export interface DatabaseInput {
  Name: string;
  Description?: string;
  LocationUri?: string;
  Parameters?: Record<string, string>;
}

export interface GlueDatabase {
  Name: string;
  Description?: string;
  LocationUri?: string;
  Parameters: Record<string, string>;
  /** epoch ms */
  CreateTime: number;
  CatalogId: string;
}

export interface TableInput {
  Name: string;
  Description?: string;
  Owner?: string;
  Retention?: number;
  StorageDescriptor?: StorageDescriptor;
  PartitionKeys?: CatalogColumn[];
  TableType?: string;
  Parameters?: Record<string, string>;
  ViewOriginalText?: string;
  ViewExpandedText?: string;
  /** Other TableInput members (TargetTable, LastAccessTime, …), kept as given. */
  [member: string]: unknown;
}

export interface GlueTable extends TableInput {
  Name: string;
  DatabaseName: string;
  /** epoch ms */
  CreateTime: number;
  /** epoch ms */
  UpdateTime: number;
  Retention: number;
  PartitionKeys: CatalogColumn[];
  VersionId: string;
  CatalogId: string;
  IsRegisteredWithLakeFormation: boolean;
}

/** What changed, for the UI and persistence. */
export type GlueCatalogEvent =
  | { type: 'DatabaseCreated' | 'DatabaseDeleted'; database: string }
  | { type: 'TableCreated' | 'TableUpdated' | 'TableDeleted'; database: string; table: string };

export type GlueListener = (event: GlueCatalogEvent) => void;

/** Plain-JSON state (`snapshot()` / `load()`). */
export interface GlueCatalogSnapshot {
  databases: GlueDatabase[];
  tables: GlueTable[];
}

export interface GlueCatalogOptions {
  accountId: string;
  /** Virtual time, epoch ms. */
  now: () => number;
}

export type GlueErrorType = 'EntityNotFoundException' | 'AlreadyExistsException' | 'InvalidInputException' | 'ConcurrentModificationException';

/** A Glue error (its types are Glue's own, outside Kinesis's ErrorType union). */
export function glueError(type: GlueErrorType, message: string): { ok: false; error: AwsError } {
  return { ok: false, error: { __type: type, message, status: 400 } };
}

const ok = <T>(value: T): Result<T> => ({ ok: true, value });
// Values are plain JSON (the wire's), so a JSON round trip is a deep copy.
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

// Messages: moto (getmoto/moto moto/glue/exceptions.py) and real answers quoted in public issues
// ("Table image_metadata not found.", hashicorp/terraform-provider-aws#34132).
export const databaseNotFound = (name: string) => glueError('EntityNotFoundException', `Database ${name} not found.`);
export const tableNotFound = (name: string) => glueError('EntityNotFoundException', `Table ${name} not found.`);

export class GlueCatalog {
  private readonly databases = new Map<string, GlueDatabase>();
  /** database name → table name → table */
  private readonly tables = new Map<string, Map<string, GlueTable>>();
  private readonly listeners = new Set<GlueListener>();

  constructor(private readonly options: GlueCatalogOptions) {}

  get catalogId(): string {
    return this.options.accountId;
  }

  observe(listener: GlueListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private emit(e: GlueCatalogEvent): void {
    for (const l of this.listeners) l(e);
  }

  // ── databases ──

  createDatabase(input: DatabaseInput): Result<GlueDatabase> {
    const name = input.Name.toLowerCase();
    if (this.databases.has(name)) return glueError('AlreadyExistsException', 'Database already exists.');
    const db: GlueDatabase = {
      Name: name,
      ...(input.Description !== undefined ? { Description: input.Description } : {}),
      ...(input.LocationUri !== undefined ? { LocationUri: input.LocationUri } : {}),
      Parameters: { ...(input.Parameters ?? {}) },
      CreateTime: this.options.now(),
      CatalogId: this.catalogId,
    };
    this.databases.set(name, db);
    this.tables.set(name, new Map());
    this.emit({ type: 'DatabaseCreated', database: name });
    return ok(clone(db));
  }

  getDatabase(name: string): Result<GlueDatabase> {
    const db = this.databases.get(name.toLowerCase());
    return db ? ok(clone(db)) : databaseNotFound(name);
  }

  /** All databases, by name. */
  listDatabases(): GlueDatabase[] {
    return [...this.databases.values()].sort((a, b) => cmp(a.Name, b.Name)).map(clone);
  }

  /** Deletes a database and every table in it. */
  deleteDatabase(name: string): Result<void> {
    const key = name.toLowerCase();
    if (!this.databases.has(key)) return databaseNotFound(name);
    const tables = [...(this.tables.get(key)?.keys() ?? [])];
    for (const t of tables) this.emit({ type: 'TableDeleted', database: key, table: t });
    this.tables.delete(key);
    this.databases.delete(key);
    this.emit({ type: 'DatabaseDeleted', database: key });
    return ok(undefined);
  }

  // ── tables ──

  private tablesOf(db: string): Result<Map<string, GlueTable>> {
    const t = this.tables.get(db.toLowerCase());
    return t ? ok(t) : databaseNotFound(db);
  }

  createTable(database: string, input: TableInput): Result<GlueTable> {
    const tables = this.tablesOf(database);
    if (!tables.ok) return tables;
    const name = input.Name.toLowerCase();
    if (tables.value.has(name)) return glueError('AlreadyExistsException', 'Table already exists.');
    const now = this.options.now();
    const table = this.build(database.toLowerCase(), input, now, now, '0');
    tables.value.set(name, table);
    this.emit({ type: 'TableCreated', database: table.DatabaseName, table: name });
    return ok(clone(table));
  }

  getTable(database: string, name: string): Result<GlueTable> {
    const tables = this.tablesOf(database);
    if (!tables.ok) return tables;
    const t = tables.value.get(name.toLowerCase());
    return t ? ok(clone(t)) : tableNotFound(name);
  }

  /** The tables of a database, by name. */
  listTables(database: string): Result<GlueTable[]> {
    const tables = this.tablesOf(database);
    if (!tables.ok) return tables;
    return ok([...tables.value.values()].sort((a, b) => cmp(a.Name, b.Name)).map(clone));
  }

  /**
   * Replaces a table's definition with `input` (members not given are dropped, as Glue does),
   * keeping CreateTime and bumping VersionId. `versionId`, when given, must be the current one.
   */
  updateTable(database: string, input: TableInput, versionId?: string): Result<GlueTable> {
    const tables = this.tablesOf(database);
    if (!tables.ok) return tables;
    const name = input.Name.toLowerCase();
    const old = tables.value.get(name);
    if (!old) return tableNotFound(input.Name);
    // Unsure: Glue's wording for a stale VersionId (floci's text is used).
    if (versionId !== undefined && versionId !== old.VersionId) return glueError('ConcurrentModificationException', 'Update table failed due to concurrent modifications.');
    const table = this.build(old.DatabaseName, input, old.CreateTime, this.options.now(), String(Number(old.VersionId) + 1));
    tables.value.set(name, table);
    this.emit({ type: 'TableUpdated', database: table.DatabaseName, table: name });
    return ok(clone(table));
  }

  deleteTable(database: string, name: string): Result<void> {
    const tables = this.tablesOf(database);
    if (!tables.ok) return tables;
    const key = name.toLowerCase();
    if (!tables.value.delete(key)) return tableNotFound(name);
    this.emit({ type: 'TableDeleted', database: database.toLowerCase(), table: key });
    return ok(undefined);
  }

  /**
   * The columns Firehose's format conversion writes: StorageDescriptor.Columns, then the partition
   * keys (a Hive table's partition columns are part of its schema).
   * Unsure: whether Firehose writes partition-key columns into the Parquet file (assumed yes).
   */
  columnsOf(database: string, table: string): Result<GlueColumn[]> {
    const t = this.getTable(database, table);
    if (!t.ok) return t;
    // The data files hold the storage columns; partition keys live in the object's path (the
    // prefix, with dynamic partitioning), as Hive tables have it.
    const cols = t.value.StorageDescriptor?.Columns ?? [];
    return ok(cols.map((c) => ({ Name: c.Name, Type: c.Type })));
  }

  private build(database: string, input: TableInput, createTime: number, updateTime: number, versionId: string): GlueTable {
    const copy = clone(input);
    return {
      ...copy,
      Name: input.Name.toLowerCase(),
      DatabaseName: database,
      CreateTime: createTime,
      UpdateTime: updateTime,
      Retention: input.Retention ?? 0,
      PartitionKeys: copy.PartitionKeys ?? [],
      VersionId: versionId,
      CatalogId: this.catalogId,
      IsRegisteredWithLakeFormation: false,
    };
  }

  // ── persistence ──

  snapshot(): GlueCatalogSnapshot {
    return {
      databases: this.listDatabases(),
      tables: [...this.tables.values()].flatMap((m) => [...m.values()]).sort((a, b) => cmp(a.DatabaseName, b.DatabaseName) || cmp(a.Name, b.Name)).map(clone),
    };
  }

  /** Replaces the whole catalog with a snapshot (no events: a load is not a change). */
  load(snapshot: GlueCatalogSnapshot): void {
    this.databases.clear();
    this.tables.clear();
    for (const db of snapshot.databases) {
      this.databases.set(db.Name, clone(db));
      this.tables.set(db.Name, new Map());
    }
    for (const t of snapshot.tables) this.tables.get(t.DatabaseName)?.set(t.Name, clone(t));
  }
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
