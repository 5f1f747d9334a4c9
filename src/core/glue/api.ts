/**
 * The AWS Glue Data Catalog API (databases and tables) over AWS JSON 1.1, target prefix
 * `AWSGlue` — enough for a user's code (or the Firehose console) to create the table whose
 * columns Firehose's record format conversion reads.
 *
 * Operations: CreateDatabase, GetDatabase, GetDatabases, DeleteDatabase, CreateTable, GetTable,
 * GetTables, UpdateTable, DeleteTable. Errors: EntityNotFoundException, AlreadyExistsException,
 * InvalidInputException (and ConcurrentModificationException for a stale UpdateTable VersionId).
 * Timestamps leave as epoch seconds (numbers), as the protocol wants.
 */
import type { Result } from '../kinesis/errors.js';
import { decodeBase64, encodeBase64 } from '../util/base64.js';
import { GlueCatalog, glueError, type DatabaseInput, type GlueDatabase, type GlueTable, type TableInput } from './catalog.js';

export const GLUE_TARGET_PREFIX = 'AWSGlue';

export const GLUE_OPERATIONS = [
  'CreateDatabase', 'GetDatabase', 'GetDatabases', 'DeleteDatabase',
  'CreateTable', 'GetTable', 'GetTables', 'UpdateTable', 'DeleteTable',
] as const;
export type GlueOperation = (typeof GLUE_OPERATIONS)[number];
const isGlueOperation = (op: string): op is GlueOperation => (GLUE_OPERATIONS as readonly string[]).includes(op);

/** Glue's "Single-line string pattern", as its model spells it (used in messages). */
const SINGLE_LINE = '[\\u0020-\\uD7FF\\uE000-\\uFFFD\\uD800\\uDC00-\\uDBFF\\uDFFF\\t]*';
// The same set as a JS regex: the model's surrogate-pair notation is Java's; JS needs plain ranges.
const SINGLE_LINE_RE = /^[\u0020-\uD7FF\uE000-\uFFFD\uD800-\uDBFF\uDC00-\uDFFF\t]*$/;

type Rule =
  | { kind: 'name'; required: boolean }
  | { kind: 'structure'; required: true }
  | { kind: 'range'; min: number; max: number }
  | { kind: 'length'; max: number };

/**
 * Checks members and answers with AWS's validation wording, under Glue's InvalidInputException.
 * Unsure: the exception type — Glue models no ValidationException; InvalidInputException (what
 * moto answers, and the brief) is assumed, with the Coral "N validation errors detected" text.
 */
function check(members: readonly [path: string, value: unknown, rule: Rule][]): Result<void> {
  const errors: string[] = [];
  const show = (v: unknown) => (v == null ? 'null' : `'${String(v)}'`);
  for (const [path, v, rule] of members) {
    if (v == null) {
      if ((rule.kind === 'name' || rule.kind === 'structure') && rule.required) errors.push(`Value null at '${path}' failed to satisfy constraint: Member must not be null`);
      continue;
    }
    switch (rule.kind) {
      case 'structure':
        if (typeof v !== 'object' || Array.isArray(v)) return serialization();
        break;
      case 'name':
        if (typeof v !== 'string') return serialization();
        if (!SINGLE_LINE_RE.test(v)) errors.push(`Value ${show(v)} at '${path}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${SINGLE_LINE}`);
        if (v.length < 1) errors.push(`Value ${show(v)} at '${path}' failed to satisfy constraint: Member must have length greater than or equal to 1`);
        if (v.length > 255) errors.push(`Value ${show(v)} at '${path}' failed to satisfy constraint: Member must have length less than or equal to 255`);
        break;
      case 'range':
        if (typeof v !== 'number') return serialization();
        if (v < rule.min) errors.push(`Value ${show(v)} at '${path}' failed to satisfy constraint: Member must have value greater than or equal to ${rule.min}`);
        if (v > rule.max) errors.push(`Value ${show(v)} at '${path}' failed to satisfy constraint: Member must have value less than or equal to ${rule.max}`);
        break;
      case 'length':
        if (typeof v !== 'string') return serialization();
        if (v.length > rule.max) errors.push(`Value ${show(v)} at '${path}' failed to satisfy constraint: Member must have length less than or equal to ${rule.max}`);
        break;
    }
  }
  if (errors.length === 0) return { ok: true, value: undefined };
  const n = errors.length;
  return glueError('InvalidInputException', `${n} validation error${n > 1 ? 's' : ''} detected: ${errors.join('; ')}`);
}

// Unsure: the message AWS sends with a wrongly-typed member (the SDK never sends one).
const serialization = (): Result<never> => ({ ok: false, error: { __type: 'SerializationException', message: 'Unexpected JSON value type.', status: 400 } });

const seconds = (ms: number): number => ms / 1000;

/** A database as GetDatabase returns it. */
function databaseOut(db: GlueDatabase): Record<string, unknown> {
  return {
    Name: db.Name,
    ...(db.Description !== undefined ? { Description: db.Description } : {}),
    ...(db.LocationUri !== undefined ? { LocationUri: db.LocationUri } : {}),
    Parameters: db.Parameters,
    CreateTime: seconds(db.CreateTime),
    // Lake Formation's default for a new database (IAM access control only).
    CreateTableDefaultPermissions: [{ Principal: { DataLakePrincipalIdentifier: 'IAM_ALLOWED_PRINCIPALS' }, Permissions: ['ALL'] }],
    CatalogId: db.CatalogId,
  };
}

/** A table as GetTable returns it (every member it was given, plus Glue's own). */
function tableOut(t: GlueTable): Record<string, unknown> {
  return { ...t, CreateTime: seconds(t.CreateTime), UpdateTime: seconds(t.UpdateTime) };
}

/** Paging: the token names the first item of the next page (opaque to callers, as Glue's). */
function page<T extends { Name: string }>(items: T[], nextToken: unknown, maxResults: unknown): Result<{ items: T[]; next?: string }> {
  let start = 0;
  if (typeof nextToken === 'string' && nextToken !== '') {
    let after: string;
    try {
      after = new TextDecoder().decode(decodeBase64(nextToken));
    } catch {
      after = '';
    }
    if (!after.startsWith('glue:')) return glueError('InvalidInputException', 'Invalid pagination token.'); // Unsure: Glue's text.
    const name = after.slice(5);
    start = items.findIndex((i) => i.Name >= name);
    if (start < 0) start = items.length;
  }
  // Unsure: Glue's default page size when MaxResults is absent (100, the maximum, assumed).
  const size = typeof maxResults === 'number' ? maxResults : 100;
  const slice = items.slice(start, start + size);
  const rest = items[start + size];
  return { ok: true, value: { items: slice, ...(rest ? { next: encodeBase64(new TextEncoder().encode(`glue:${rest.Name}`)) } : {}) } };
}

/**
 * GetTables' Expression: Hive's SHOW TABLES pattern, which Glue follows — `*` matches any
 * characters, `|` separates alternatives, the rest is a regular expression matched against the
 * whole (lower-case) name. Unsure: the exact dialect (Glue docs only say "A regular expression
 * pattern"); an invalid pattern answers InvalidInputException here.
 */
function expressionFilter(expression: string): RegExp | undefined {
  const alternatives = expression.split('|').map((a) => a.trim().replace(/(^|[^.\\])\*/g, '$1.*'));
  try {
    return new RegExp(`^(?:${alternatives.join('|')})$`, 'i');
  } catch {
    return undefined;
  }
}

export class GlueService {
  readonly targetPrefix = GLUE_TARGET_PREFIX;

  constructor(readonly catalog: GlueCatalog) {}

  async dispatch(operation: string, input: unknown): Promise<Result<unknown>> {
    if (!isGlueOperation(operation)) {
      return { ok: false, error: { __type: 'UnknownOperationException', message: `Shardlab does not simulate ${GLUE_TARGET_PREFIX}.${operation} (yet).`, status: 400 } };
    }
    if (input != null && (typeof input !== 'object' || Array.isArray(input))) return serialization();
    return this.run(operation, (input ?? {}) as Record<string, unknown>);
  }

  private run(op: GlueOperation, i: Record<string, unknown>): Result<unknown> {
    const c = this.catalog;
    const catalogId: [string, unknown, Rule] = ['catalogId', i.CatalogId, { kind: 'name', required: false }];
    switch (op) {
      case 'CreateDatabase': {
        const d = i.DatabaseInput as Record<string, unknown> | undefined;
        const v = check([catalogId, ['databaseInput', d, { kind: 'structure', required: true }], ...(d && typeof d === 'object' ? [['databaseInput.name', d.Name, { kind: 'name', required: true }] as [string, unknown, Rule]] : [])]);
        if (!v.ok) return v;
        const r = c.createDatabase(d as unknown as DatabaseInput);
        return r.ok ? { ok: true, value: {} } : r;
      }
      case 'GetDatabase': {
        const v = check([catalogId, ['name', i.Name, { kind: 'name', required: true }]]);
        if (!v.ok) return v;
        const r = c.getDatabase(i.Name as string);
        return r.ok ? { ok: true, value: { Database: databaseOut(r.value) } } : r;
      }
      case 'GetDatabases': {
        const v = check([catalogId, ['nextToken', i.NextToken, { kind: 'length', max: 4096 }], ['maxResults', i.MaxResults, { kind: 'range', min: 1, max: 100 }]]);
        if (!v.ok) return v;
        const p = page(c.listDatabases(), i.NextToken, i.MaxResults);
        if (!p.ok) return p;
        return { ok: true, value: { DatabaseList: p.value.items.map(databaseOut), ...(p.value.next ? { NextToken: p.value.next } : {}) } };
      }
      case 'DeleteDatabase': {
        const v = check([catalogId, ['name', i.Name, { kind: 'name', required: true }]]);
        if (!v.ok) return v;
        const r = c.deleteDatabase(i.Name as string);
        return r.ok ? { ok: true, value: {} } : r;
      }
      case 'CreateTable':
      case 'UpdateTable': {
        const t = i.TableInput as Record<string, unknown> | undefined;
        const v = check([
          catalogId,
          ['databaseName', i.DatabaseName, { kind: 'name', required: true }],
          ['tableInput', t, { kind: 'structure', required: true }],
          ...(t && typeof t === 'object' ? [['tableInput.name', t.Name, { kind: 'name', required: true }] as [string, unknown, Rule]] : []),
        ]);
        if (!v.ok) return v;
        const cols = columnsProblem(t as TableInput);
        if (cols) return glueError('InvalidInputException', cols);
        const r = op === 'CreateTable'
          ? c.createTable(i.DatabaseName as string, t as TableInput)
          : c.updateTable(i.DatabaseName as string, t as TableInput, typeof i.VersionId === 'string' ? i.VersionId : undefined);
        return r.ok ? { ok: true, value: {} } : r;
      }
      case 'GetTable': {
        const v = check([catalogId, ['databaseName', i.DatabaseName, { kind: 'name', required: true }], ['name', i.Name, { kind: 'name', required: true }]]);
        if (!v.ok) return v;
        const r = c.getTable(i.DatabaseName as string, i.Name as string);
        return r.ok ? { ok: true, value: { Table: tableOut(r.value) } } : r;
      }
      case 'GetTables': {
        const v = check([
          catalogId,
          ['databaseName', i.DatabaseName, { kind: 'name', required: true }],
          ['expression', i.Expression, { kind: 'length', max: 2048 }],
          ['nextToken', i.NextToken, { kind: 'length', max: 4096 }],
          ['maxResults', i.MaxResults, { kind: 'range', min: 1, max: 100 }],
        ]);
        if (!v.ok) return v;
        const r = c.listTables(i.DatabaseName as string);
        if (!r.ok) return r;
        let tables = r.value;
        if (typeof i.Expression === 'string' && i.Expression !== '') {
          const re = expressionFilter(i.Expression);
          if (!re) return glueError('InvalidInputException', `Invalid expression: ${i.Expression}`);
          tables = tables.filter((t) => re.test(t.Name));
        }
        const p = page(tables, i.NextToken, i.MaxResults);
        if (!p.ok) return p;
        return { ok: true, value: { TableList: p.value.items.map(tableOut), ...(p.value.next ? { NextToken: p.value.next } : {}) } };
      }
      case 'DeleteTable': {
        const v = check([catalogId, ['databaseName', i.DatabaseName, { kind: 'name', required: true }], ['name', i.Name, { kind: 'name', required: true }]]);
        if (!v.ok) return v;
        const r = c.deleteTable(i.DatabaseName as string, i.Name as string);
        return r.ok ? { ok: true, value: {} } : r;
      }
    }
  }
}

/**
 * Column members Glue requires (Name 1–255 single-line, Type ≤ 131072) in Columns and
 * PartitionKeys. Unsure: AWS's member paths for these (`tableInput.storageDescriptor.columns.1.member.name` assumed).
 */
function columnsProblem(t: TableInput): string | undefined {
  const lists: [string, unknown][] = [['tableInput.storageDescriptor.columns', t.StorageDescriptor?.Columns], ['tableInput.partitionKeys', t.PartitionKeys]];
  for (const [path, list] of lists) {
    if (list == null) continue;
    if (!Array.isArray(list)) return `Value at '${path}' must be a list.`;
    for (let k = 0; k < list.length; k++) {
      const col = list[k] as { Name?: unknown; Type?: unknown } | null;
      const name = col?.Name;
      const p = `${path}.${k + 1}.member.name`;
      if (name == null) return `1 validation error detected: Value null at '${p}' failed to satisfy constraint: Member must not be null`;
      if (typeof name !== 'string' || name.length < 1 || name.length > 255 || !SINGLE_LINE_RE.test(name)) {
        return `1 validation error detected: Value '${String(name)}' at '${p}' failed to satisfy constraint: Member must satisfy regular expression pattern: ${SINGLE_LINE}`;
      }
      if (col?.Type != null && (typeof col.Type !== 'string' || col.Type.length > 131072)) {
        return `1 validation error detected: Value at '${path}.${k + 1}.member.type' failed to satisfy constraint: Member must have length less than or equal to 131072`;
      }
    }
  }
  return undefined;
}
