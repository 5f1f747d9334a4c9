import { describe, expect, it } from 'vitest';
import { rotatedIndexName, weekOfYear } from './indexName.js';

const at = (iso: string) => Date.parse(iso);

describe('index rotation names (spec §6)', () => {
  const t = at('2016-02-25T13:00:00Z');
  it("gives AWS's examples for 2016-02-25 13:00 UTC", () => {
    expect(rotatedIndexName('myindex', 'NoRotation', t)).toBe('myindex');
    expect(rotatedIndexName('myindex', 'OneHour', t)).toBe('myindex-2016-02-25-13');
    expect(rotatedIndexName('myindex', 'OneDay', t)).toBe('myindex-2016-02-25');
    expect(rotatedIndexName('myindex', 'OneWeek', t)).toBe('myindex-2016-w08');
    expect(rotatedIndexName('myindex', 'OneMonth', t)).toBe('myindex-2016-02');
  });

  it('uses UTC, not local time', () => {
    expect(rotatedIndexName('i', 'OneHour', at('2016-12-31T23:59:59Z'))).toBe('i-2016-12-31-23');
    expect(rotatedIndexName('i', 'OneDay', at('2017-01-01T00:00:00Z'))).toBe('i-2017-01-01');
  });

  it('starts weeks on Sunday', () => {
    // 2016-02-21 is a Sunday: a new week; Saturday 2016-02-27 still belongs to it.
    expect(weekOfYear(at('2016-02-20T23:59:59Z')).week).toBe(7);
    expect(weekOfYear(at('2016-02-21T00:00:00Z')).week).toBe(8);
    expect(weekOfYear(at('2016-02-27T23:59:59Z')).week).toBe(8);
    expect(weekOfYear(at('2016-02-28T00:00:00Z')).week).toBe(9);
  });

  it('numbers week 1 from the first Sunday-start week with four days in the year (matches the w08 example)', () => {
    // 1 Jan 2016 is a Friday: 1–2 Jan close 2015's last week; week 1 starts Sunday 3 Jan.
    expect(weekOfYear(at('2016-01-02T12:00:00Z'))).toEqual({ year: 2015, week: 52 });
    expect(weekOfYear(at('2016-01-03T00:00:00Z'))).toEqual({ year: 2016, week: 1 });
    // 1 Jan 2015 is a Thursday: its week (from Sunday 28 Dec 2014) has 3 days of 2015, so week 1 starts 4 Jan.
    expect(weekOfYear(at('2015-01-04T00:00:00Z'))).toEqual({ year: 2015, week: 1 });
    // 1 Jan 2014 is a Wednesday: its week has 4 days of 2014, so it is week 1 (29–31 Dec 2013 with it).
    expect(weekOfYear(at('2013-12-30T00:00:00Z'))).toEqual({ year: 2014, week: 1 });
    expect(rotatedIndexName('i', 'OneWeek', at('2013-12-31T00:00:00Z'))).toBe('i-2014-w01');
  });
});
