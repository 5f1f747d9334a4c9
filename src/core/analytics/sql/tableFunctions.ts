/**
 * Table functions usable as `FROM TABLE(FN(CURSOR(SELECT STREAM …), args…))`: a small operator
 * interface so the ML algorithms in ../ml plug in without knowing the engine. The input rows are
 * the cursor's projected values (no ROWTIME); emitted rows are the function's output columns.
 * Sources: SQL Reference pages RANDOM_CUT_FOREST, HOTSPOTS, TOP_K_ITEMS_TUMBLING (spec §A.8).
 */
import { SqlRuntimeError } from '../../sql/errors.js';
import { T, isNumeric, type SqlType, type SqlValue } from '../../sql/types.js';
import { Hotspots } from '../ml/hotspots.js';
import { RandomCutForest } from '../ml/randomCutForest.js';
import { TopKTumbling } from '../ml/topK.js';

export interface TfColumn {
  readonly name: string;
  readonly type: SqlType;
}

export type TfEmit = (row: unknown[], rowtime: number) => void;

export interface TableFunctionInstance {
  push(row: unknown[], rowtime: number, emit: TfEmit): void;
  advance(time: number, emit: TfEmit): void;
}

export interface TableFunction {
  /** Output columns; throws Error (reported at the call) for bad arguments. */
  columns(input: readonly TfColumn[], args: readonly SqlValue[]): TfColumn[];
  create(input: readonly TfColumn[], args: readonly SqlValue[], ctx: { random(): number }): TableFunctionInstance;
}

const numArg = (args: readonly SqlValue[], i: number, dflt: number, what: string): number => {
  const v = args[i];
  if (v === undefined || v === null) return dflt;
  if (typeof v !== 'number') throw new Error(`${what} must be a number`);
  return v;
};

/** The numeric input columns (RCF and HOTSPOTS use only those; RCF excludes DECIMAL per the reference). */
const numericColumns = (input: readonly TfColumn[], decimalOk: boolean): number[] =>
  input.flatMap((c, i) => (isNumeric(c.type) && (decimalOk || c.type.kind !== 'decimal') ? [i] : []));

const point = (row: readonly unknown[], cols: readonly number[]): number[] => cols.map((i) => (row[i] as number | null) ?? 0);

const randomCutForest: TableFunction = {
  columns: (input) => [...input, { name: 'ANOMALY_SCORE', type: T.double }],
  create(input, args, ctx) {
    const o = {
      numberOfTrees: numArg(args, 0, 100, 'numberOfTrees'),
      subSampleSize: numArg(args, 1, 256, 'subSampleSize'),
      timeDecay: numArg(args, 2, 100000, 'timeDecay'),
      shingleSize: numArg(args, 3, 1, 'shingleSize'),
    };
    if (o.numberOfTrees < 1 || o.numberOfTrees > 1000) throw new Error('numberOfTrees must be between 1 and 1000');
    if (o.subSampleSize < 10 || o.subSampleSize > 1000) throw new Error('subSampleSize must be between 10 and 1000');
    if (o.shingleSize < 1 || o.shingleSize > 30) throw new Error('shingleSize must be between 1 and 30');
    const forest = new RandomCutForest({ ...o, random: () => ctx.random() });
    const cols = numericColumns(input, false);
    if (cols.length === 0) throw new Error('RANDOM_CUT_FOREST needs at least one numeric column');
    return {
      push(row, rowtime, emit) {
        const p = point(row, cols);
        const score = forest.score(p);
        forest.update(p);
        emit([...row, score], rowtime);
      },
      advance() {},
    };
  },
};

const hotspots: TableFunction = {
  columns: (input) => [...input, { name: 'HOTSPOTS_RESULT', type: T.varchar }],
  create(input, args) {
    const h = new Hotspots({
      windowSize: numArg(args, 0, 100, 'windowSize'),
      scanRadius: numArg(args, 1, 1, 'scanRadius'),
      minimumNumberOfPointsInAHotspot: numArg(args, 2, 2, 'minimumNumberOfPointsInAHotspot'),
    });
    const cols = numericColumns(input, true);
    if (cols.length === 0) throw new Error('HOTSPOTS needs at least one numeric column');
    return {
      push(row, rowtime, emit) { emit([...row, h.add(point(row, cols))], rowtime); },
      advance() {},
    };
  },
};

/**
 * TOP_K_ITEMS_TUMBLING(cursor, 'column', K, windowSeconds): per window, K rows (value, count),
 * most frequent first, emitted when time reaches the window end, with ROWTIME = the window end.
 * Unsure: AWS names the outputs after the column plus a count column (its example shows
 * `"TICKER_SYMBOL", "MOST_FREQUENT_VALUES"`); here: the column's name and MOST_FREQUENT_VALUES.
 */
const topK: TableFunction = {
  columns(input, args) {
    const c = topKColumn(input, args);
    return [{ name: input[c]!.name, type: input[c]!.type }, { name: 'MOST_FREQUENT_VALUES', type: T.bigint }];
  },
  create(input, args) {
    const c = topKColumn(input, args);
    const t = new TopKTumbling({ k: numArg(args, 1, 10, 'K'), windowSeconds: numArg(args, 2, 60, 'windowSize') });
    const flush = (time: number, emit: TfEmit): void => {
      for (let w = t.closeBefore(time); w; w = t.closeBefore(time)) for (const it of w.items) emit([it.value, it.count], w.windowEnd);
    };
    return {
      push(row, rowtime, emit) {
        flush(rowtime, emit);
        t.add(row[c] as SqlValue, rowtime);
      },
      advance: flush,
    };
  },
};

function topKColumn(input: readonly TfColumn[], args: readonly SqlValue[]): number {
  const name = args[0];
  if (typeof name !== 'string') throw new Error("TOP_K_ITEMS_TUMBLING needs the column name in single quotes, e.g. 'TICKER_SYMBOL'");
  const i = input.findIndex((c) => c.name === name);
  const j = i >= 0 ? i : input.findIndex((c) => c.name === name.toUpperCase());
  if (j < 0) throw new Error(`column '${name}' is not in the cursor`);
  return j;
}

/** The registry, by upper-case name. */
export const tableFunctions: Record<string, TableFunction> = {
  RANDOM_CUT_FOREST: randomCutForest,
  HOTSPOTS: hotspots,
  TOP_K_ITEMS_TUMBLING: topK,
};

export { SqlRuntimeError };
