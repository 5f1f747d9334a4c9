/**
 * The FROM source `TABLE(FN(CURSOR(SELECT STREAM …), args…))`: the cursor is planned like any
 * select; its rows feed a TableFunction instance, whose emitted rows ([columns…, ROWTIME]) are
 * the outer query's input. Arguments must be constants (they configure the algorithm).
 */
import { SqlError } from '../../../sql/errors.js';
import type { SqlValue } from '../../../sql/types.js';
import { compiler } from '../kdaCompiler.js';
import { planSelect, type Fail, type PlanContext, type Push, type Source } from '../planner.js';
import { KdaScope } from '../scope.js';
import type { FromItem } from '../statements.js';
import { tableFunctions, type TfColumn } from '../tableFunctions.js';

export function planTableFunctionSource(item: Extract<FromItem, { kind: 'tableFunction' }>, ctx: PlanContext, pump: string): Source {
  const fn = tableFunctions[item.name.name];
  if (!fn) throw new SqlError(`table function ${item.name.name} does not exist`, item.name.at, { code: '42883' });
  const inner = planSelect(item.cursor, ctx, pump);
  const input: TfColumn[] = inner.columns.map((c) => ({ name: c.name, type: c.type }));
  const constScope = new KdaScope([], 0, 0);
  const args: SqlValue[] = item.args.map((a) => {
    const c = compiler(ctx, constScope)(a);
    if (!c.constant) throw new SqlError(`arguments of ${item.name.name} must be constants`, a.at, { code: '42601' });
    return c.constant.value;
  });
  let columns: TfColumn[];
  try {
    columns = fn.columns(input, args);
    fn.create(input, args, { random: () => 0.5 }); // validates the arguments now, at plan time
  } catch (e) {
    if (e instanceof SqlError) throw e;
    throw new SqlError(`${item.name.name}: ${e instanceof Error ? e.message : String(e)}`, item.name.at, { code: '22023' });
  }
  const width = columns.length;
  const scope = new KdaScope([{ alias: item.alias, name: item.name.name, columns: columns.map((c, i) => ({ name: c.name, type: c.type, index: i })), rowtime: width }], width + 1, width);
  return {
    scope,
    from: [...inner.from],
    kind: 'function',
    connect(push: Push, fail: Fail) {
      const inst = fn.create(input, args, ctx);
      const emit = (row: unknown[], rowtime: number): void => {
        const r = row.slice();
        r[width] = rowtime;
        try {
          push(r, rowtime);
        } catch (e) {
          fail(e, r, rowtime);
        }
      };
      const running = inner.start((values, rowtime) => inst.push(values, rowtime, emit), fail);
      return {
        advance(t) {
          running.advance(t);
          inst.advance(t, emit);
        },
      };
    },
  };
}
