/**
 * The KDA statement AST: CREATE STREAM, CREATE PUMP … INSERT INTO … SELECT STREAM. Every name
 * keeps its position so the planner reports unknown streams and columns where they are written.
 * Names are already folded: unquoted → UPPER case (SQLstream), quoted → as written.
 */
import type { Expr, WindowSpec } from '../../sql/ast.js';
import type { Pos } from '../../sql/errors.js';
import type { KdaType } from './kdaTypes.js';

export interface Name {
  readonly name: string;
  readonly at: Pos;
}

export interface CreateStream {
  readonly kind: 'createStream';
  readonly at: Pos;
  readonly name: Name;
  readonly columns: readonly { readonly name: Name; readonly type: KdaType }[];
}

export interface CreatePump {
  readonly kind: 'createPump';
  readonly at: Pos;
  readonly name: Name;
  readonly stopped: boolean;
  readonly into: Name;
  readonly columns?: readonly Name[];
  readonly select: SelectStream;
}

export type Statement = CreateStream | CreatePump;

export interface SelectItem {
  readonly expr?: Expr;
  /** `*` (all visible columns of the FROM source(s)). */
  readonly star?: boolean;
  readonly alias?: Name;
  readonly at: Pos;
}

export type FromItem =
  /** FROM (SELECT STREAM …) AS alias. */
  | { readonly kind: 'subquery'; readonly select: SelectStream; readonly alias: string; readonly at: Pos }
  | { readonly kind: 'stream'; readonly name: Name; readonly alias: string; readonly over?: WindowSpec; readonly at: Pos }
  | {
      readonly kind: 'tableFunction';
      readonly name: Name;
      readonly cursor: SelectStream;
      readonly args: readonly Expr[];
      readonly alias: string;
      readonly at: Pos;
    };

export interface JoinClause {
  readonly type: 'inner' | 'left';
  readonly item: FromItem;
  readonly on?: Expr;
  readonly at: Pos;
}

export interface Stagger {
  readonly partitionBy: readonly Expr[];
  readonly range: Expr;
  readonly at: Pos;
}

export interface SelectStream {
  readonly at: Pos;
  readonly items: readonly SelectItem[];
  readonly from: FromItem;
  readonly joins: readonly JoinClause[];
  readonly where?: Expr;
  readonly groupBy?: readonly Expr[];
  readonly stagger?: Stagger;
  readonly having?: Expr;
  readonly windows: ReadonlyMap<string, WindowSpec>;
}
