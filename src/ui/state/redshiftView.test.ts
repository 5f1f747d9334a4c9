import { describe, expect, it } from 'vitest';
import { createSimulation } from '../../index';
import { QUERY_TEMPLATES, cellText, commandTag } from './redshiftView';

describe('the Redshift panel\'s templates', () => {
  it('run as written on a simulated cluster: the create template makes a table COPY JSON \'auto\' fills from the panel\'s test records', () => {
    const sim = createSimulation({ clock: 'manual' });
    expect(sim.redshift.create('warehouse', { masterPassword: 'Classroom1' }).ok).toBe(true);
    const sql = (id: string) => QUERY_TEMPLATES.find((t) => t.id === id)!.sql('quotes');
    expect(commandTag(sim.redshift.run('warehouse', sql('create'))[0]!)).toBe('CREATE TABLE');
    sim.s3.createBucket('stage');
    sim.s3.putObject('stage', 'q.json', new TextEncoder().encode('{"id":1,"ticker":"AMZN","price":182.5,"at":"2026-11-26T08:00:00.000Z"}\n{"id":2,"ticker":"AMZN","price":180,"at":"2026-11-26T08:00:01.000Z"}\n'));
    const copy = sim.redshift.run('warehouse', "COPY quotes FROM 's3://stage/q.json' IAM_ROLE 'arn:aws:iam::123456789012:role/r' JSON 'auto' TIMEFORMAT 'auto'")[0]!;
    expect(commandTag(copy)).toBe('COPY: 2 rows loaded');
    const latest = sim.redshift.run('warehouse', sql('latest'))[0]!;
    expect(latest.rows.map((r) => r.map(cellText))).toEqual([['2', 'AMZN', '180.00', '2026-11-26 08:00:01'], ['1', 'AMZN', '182.50', '2026-11-26 08:00:00']]);
    const per = sim.redshift.run('warehouse', sql('per-ticker'))[0]!;
    expect(per.columns.map((c) => c.name)).toEqual(['ticker', 'quotes', 'avg_price', 'last_at']);
    expect(per.rows[0]!.slice(0, 2)).toEqual(['AMZN', 2]);
    for (const id of ['load-errors', 'load-commits']) expect(sim.redshift.run('warehouse', sql(id))[0]!.command).toBe('SELECT');
    expect(sim.redshift.run('warehouse', sql('load-commits'))[0]!.rows).toHaveLength(1);
  });

  it('spells NULL and booleans as a SQL client does', () => {
    expect([null, true, false, 3, 'x'].map(cellText)).toEqual(['NULL', 'true', 'false', '3', 'x']);
  });
});
