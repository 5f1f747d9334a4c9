/** What the UI sees of a consumer application: a plain snapshot of its run state, and its default name. */
import { readerOfIterator } from '../../core/kinesis/model/iterator';
import type { App, AppKind, AppView } from './consumerApp';

/** The snapshot of `app` now: the shards it reads, its largest iterator age, its live reader ids. */
export function appView(app: App): AppView {
  const reading = [...app.shards.values()].filter((s) => s.phase === 'reading');
  const ages = reading.map((s) => s.ageMs).filter((a) => a >= 0);
  const readers = app.kind === 'enhanced'
    ? [`consumer:${app.name}`]
    : reading.flatMap((s) => {
      const r = s.iterator === undefined ? undefined : readerOfIterator(s.iterator);
      return r === undefined ? [] : [r];
    });
  return {
    id: app.id, name: app.name, kind: app.kind, stream: app.stream, status: app.status,
    ...(app.error !== undefined ? { error: app.error } : {}),
    records: app.records, bytes: app.bytes, iteratorAgeMs: ages.length > 0 ? Math.max(...ages) : -1, throttled: app.throttled,
    shards: reading.map((s) => s.id), readers,
  };
}

/** `shared-1`, `efo-2`…: the first number free among `taken` (unique names keep the picture readable). */
export function freeAppName(kind: AppKind, taken: Iterable<string>): string {
  const prefix = kind === 'shared' ? 'shared' : 'efo';
  const names = new Set(taken);
  let n = 1;
  while (names.has(`${prefix}-${n}`)) n++;
  return `${prefix}-${n}`;
}
