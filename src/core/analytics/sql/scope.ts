/**
 * Name resolution for a pump's FROM clause: every source (stream, reference table, table
 * function) contributes its columns and its ROWTIME to one row layout. Unquoted names compare
 * upper-case (SQLstream folds them), quoted names exactly. An unqualified ROWTIME is the driving
 * stream's; `alias.ROWTIME` is that source's system column.
 */
import { columnNotFound, type ColumnRef, type Scope } from '../../sql/compiled.js';
import { SqlError, type Pos } from '../../sql/errors.js';
import { T, type SqlType } from '../../sql/types.js';

export interface ScopeColumn {
  readonly name: string;
  readonly type: SqlType;
  readonly index: number;
  readonly hidden?: boolean;
}

export interface ScopeSource {
  readonly alias: string;
  /** The stream or table name, also accepted as a qualifier. */
  readonly name: string;
  readonly columns: readonly ScopeColumn[];
  /** Index of this source's ROWTIME in the layout (undefined for a table). */
  readonly rowtime?: number;
}

export class KdaScope implements Scope {
  constructor(
    readonly sources: readonly ScopeSource[],
    /** The layout's width. */
    readonly width: number,
    /** Index of the unqualified ROWTIME. */
    readonly rowtime: number,
  ) {}

  resolve(ref: ColumnRef, at: Pos): { index: number; type: SqlType } {
    const want = ref.quoted ? ref.name : ref.name.toUpperCase();
    const q = ref.qualifier;
    let found: { index: number; type: SqlType } | undefined;
    let sawQualifier = false;
    for (const s of this.sources) {
      if (q !== undefined && s.alias !== q && s.alias !== q.toUpperCase() && s.name !== q && s.name !== q.toUpperCase()) continue;
      sawQualifier = true;
      const c = s.columns.find((c) => c.name === want);
      if (c) {
        if (found) throw new SqlError(`column reference "${want}" is ambiguous`, at, { code: '42702' });
        found = { index: c.index, type: c.type };
      } else if (want === 'ROWTIME' && !ref.quoted && q !== undefined) {
        if (s.rowtime === undefined) throw new SqlError(`column ${q}.ROWTIME does not exist (a table has no ROWTIME)`, at, { code: '42703' });
        found = { index: s.rowtime, type: T.timestamp };
      }
    }
    if (q !== undefined && !sawQualifier) throw new SqlError(`missing FROM-clause entry for "${q}"`, at, { code: '42P01' });
    if (!found && want === 'ROWTIME' && !ref.quoted) return { index: this.rowtime, type: T.timestamp };
    if (!found) throw columnNotFound({ ...ref, name: want }, at);
    return found;
  }

  /** The visible columns for `SELECT *`, in order. */
  star(): ScopeColumn[] {
    return this.sources.flatMap((s) => s.columns.filter((c) => !c.hidden));
  }
}
