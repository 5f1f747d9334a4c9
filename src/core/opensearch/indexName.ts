/**
 * The index a Firehose OpenSearch destination writes a record to (spec §6): `IndexName` plus a
 * suffix from the record's UTC arrival time, per `IndexRotationPeriod`:
 * NoRotation `myindex`, OneHour `myindex-2016-02-25-13`, OneDay `myindex-2016-02-25`,
 * OneWeek `myindex-2016-w08`, OneMonth `myindex-2016-02`.
 */
export const ROTATION_PERIODS = ['NoRotation', 'OneHour', 'OneDay', 'OneWeek', 'OneMonth'] as const;
export type RotationPeriod = (typeof ROTATION_PERIODS)[number];

const pad = (n: number, w = 2): string => String(n).padStart(w, '0');
const DAY = 86_400_000;

/**
 * Week of year for OneWeek: weeks start on Sunday (UTC).
 *
 * Unsure: AWS's prose says "the first week of the year is the first week that contains a
 * Saturday in this year", but every Sunday–Saturday week contains a Saturday, so read literally
 * week 1 is the week holding 1 January — and then its own example, 2016-02-25 → `w08`, would be
 * `w09` (1 Jan 2016 is a Friday). The example is what AWS's code printed, so Shardlab follows
 * it: week 1 is the first Sunday-start week with at least four days in the year (the rule
 * Sunday-start calendars use when they follow ISO's minimum), and the days before it belong to
 * the previous year's last week (`2016-01-01` → `2015-w52`). A real OneWeek index created on
 * 1–2 January 2016 would settle it.
 */
export function weekOfYear(t: number): { year: number; week: number } {
  const d = new Date(t);
  const dayStart = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const sunday = dayStart - d.getUTCDay() * DAY; // start of this record's week
  // The week belongs to the year holding its Wednesday (4 of its 7 days) — like ISO's Thursday rule.
  const year = new Date(sunday + 3 * DAY).getUTCFullYear();
  const week1 = firstWeekStart(year);
  return { year, week: Math.floor((sunday - week1) / (7 * DAY)) + 1 };
}

/** The Sunday starting week 1 of `year`: the week holding the year's first Wednesday. */
function firstWeekStart(year: number): number {
  const jan1 = Date.UTC(year, 0, 1);
  const dow = new Date(jan1).getUTCDay();
  const firstWednesday = jan1 + ((3 - dow + 7) % 7) * DAY;
  return firstWednesday - 3 * DAY;
}

/** The index name for a record that arrived at `arrival` (epoch ms, UTC). */
export function rotatedIndexName(indexName: string, period: RotationPeriod, arrival: number): string {
  const d = new Date(arrival);
  const y = d.getUTCFullYear(), m = pad(d.getUTCMonth() + 1), day = pad(d.getUTCDate());
  switch (period) {
    case 'NoRotation': return indexName;
    case 'OneHour': return `${indexName}-${y}-${m}-${day}-${pad(d.getUTCHours())}`;
    case 'OneDay': return `${indexName}-${y}-${m}-${day}`;
    case 'OneWeek': {
      const w = weekOfYear(arrival);
      return `${indexName}-${w.year}-w${pad(w.week)}`;
    }
    case 'OneMonth': return `${indexName}-${y}-${m}`;
  }
}
