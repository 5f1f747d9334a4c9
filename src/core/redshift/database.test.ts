import { gzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { RedshiftDatabase, RedshiftError, type ObjectReader, type StatementResult } from './database.js';

const NOW = Date.UTC(2026, 10, 26, 6, 45, 1);

/** An in-memory S3: `put('s3://b/k', text)`; `list` returns keys under a prefix. */
function s3() {
  const objects = new Map<string, Uint8Array>();
  const reader: ObjectReader = Object.assign(
    (bucket: string, key: string) => {
      const body = objects.get(`${bucket}/${key}`);
      if (body) return { ok: true as const, body };
      const bucketExists = [...objects.keys()].some((k) => k.startsWith(`${bucket}/`));
      return bucketExists
        ? { ok: false as const, code: 'NoSuchKey', message: 'The specified key does not exist.' }
        : { ok: false as const, code: 'NoSuchBucket', message: 'The specified bucket does not exist' };
    },
    {
      list: (bucket: string, prefix: string) =>
        [...objects.keys()].filter((k) => k.startsWith(`${bucket}/${prefix}`)).map((k) => k.slice(bucket.length + 1)).sort(),
    },
  );
  const put = (url: string, body: string | Uint8Array): void => {
    objects.set(url.replace(/^s3:\/\//, ''), typeof body === 'string' ? new TextEncoder().encode(body) : body);
  };
  return { reader, put };
}

function setup() {
  const store = s3();
  let now = NOW;
  const db = new RedshiftDatabase({ now: () => now, readObject: store.reader });
  const q = (sql: string): StatementResult => db.execute(sql);
  const rows = (sql: string) => q(sql).rows;
  const fail = (sql: string): RedshiftError => {
    try {
      db.executeAll(sql);
    } catch (e) {
      if (e instanceof RedshiftError) return e;
      throw e;
    }
    throw new Error(`no error from: ${sql}`);
  };
  return { db, q, rows, fail, put: store.put, reader: store.reader, setNow: (t: number) => { now = t; } };
}

function withSales() {
  const s = setup();
  s.q(`CREATE TABLE sales (id INT NOT NULL, region VARCHAR(10), amount DECIMAL(10,2), qty INTEGER, sold TIMESTAMP) DISTSTYLE KEY DISTKEY(id) SORTKEY(sold)`);
  s.q(`INSERT INTO sales VALUES
    (1, 'east', 10.50, 1, '2026-11-26 01:00:00'),
    (2, 'west', 20.00, 2, '2026-11-26 02:30:00'),
    (3, 'east', 5.25, 3, '2026-11-26 02:45:00'),
    (4, NULL, 1.00, 4, NULL),
    (5, 'west', NULL, 5, '2026-11-27 00:00:00')`);
  return s;
}

describe('DDL and DML', () => {
  it('creates a table, accepting Redshift attributes, and lists it with Redshift type names', () => {
    const { q, db } = setup();
    const r = q(`create table if not exists Public.Events (
      id bigint not null encode az64, name varchar(20) default 'x', price numeric(8,2), ok bool, day date,
      at timestamptz, c char(3), f float8, r real, s smallint, t text, u int4 distkey sortkey
    ) diststyle auto sortkey(id);`);
    expect(r).toEqual({ command: 'CREATE TABLE', columns: [], rows: [], rowsAffected: 0 });
    const [t] = db.tables();
    expect(t).toMatchObject({ schema: 'public', name: 'events', rows: 0 });
    expect(t!.columns.map((c) => c.typeName)).toEqual(['int8', 'varchar', 'numeric', 'bool', 'date', 'timestamptz', 'bpchar', 'float8', 'float4', 'int2', 'varchar', 'int4']);
    expect(t!.columns[0]).toEqual({ name: 'id', typeName: 'int8', nullable: false });
    expect(t!.columns[1]).toMatchObject({ length: 20, nullable: true });
    expect(t!.columns[2]).toMatchObject({ precision: 8, scale: 2 });
    expect(t!.columns[10]).toMatchObject({ length: 256 });
    expect(q('CREATE TABLE IF NOT EXISTS events (a int)').command).toBe('CREATE TABLE');
  });

  it('inserts with defaults and a column list, and returns values in Data API form', () => {
    const { q, rows } = setup();
    q(`CREATE TABLE t (id INT, name VARCHAR(10) DEFAULT 'none', price DECIMAL(6,2), ok BOOLEAN, d DATE, ts TIMESTAMP, tz TIMESTAMPTZ, f DOUBLE PRECISION)`);
    expect(q(`INSERT INTO t (id, price, ok, d, ts, tz, f) VALUES (1, 12.5, true, '2026-11-26', '2026-11-26T06:45:01.5Z', '2026-11-26 06:45:01', 1.25), (2, 3, false, null, null, null, null)`).rowsAffected).toBe(2);
    expect(rows('SELECT * FROM t ORDER BY id')).toEqual([
      [1, 'none', '12.50', true, '2026-11-26', '2026-11-26 06:45:01.5', '2026-11-26 06:45:01+00', 1.25],
      [2, 'none', '3.00', false, null, null, null, null],
    ]);
  });

  it('inserts from a SELECT', () => {
    const { q, rows } = withSales();
    q('CREATE TABLE totals (region VARCHAR(10), total DECIMAL(12,2))');
    expect(q("INSERT INTO totals SELECT region, SUM(amount) FROM sales WHERE region IS NOT NULL GROUP BY region").rowsAffected).toBe(2);
    expect(rows('SELECT * FROM totals ORDER BY region')).toEqual([['east', '15.75'], ['west', '20.00']]);
  });

  it('updates and deletes with WHERE and reports rows affected', () => {
    const { q, rows } = withSales();
    expect(q("UPDATE sales SET qty = qty * 10, region = 'north' WHERE region = 'east'").rowsAffected).toBe(2);
    expect(rows("SELECT id, qty FROM sales WHERE region = 'north' ORDER BY id")).toEqual([[1, 10], [3, 30]]);
    expect(q('DELETE FROM sales WHERE qty > 4').rowsAffected).toBe(3);
    expect(rows('SELECT id FROM sales ORDER BY id')).toEqual([[2], [4]]);
    expect(q('DELETE FROM sales').rowsAffected).toBe(2);
  });

  it('truncates and drops tables', () => {
    const { q, db, fail } = withSales();
    expect(q('TRUNCATE sales').command).toBe('TRUNCATE');
    expect(db.tables()[0]!.rows).toBe(0);
    expect(q('DROP TABLE public.sales').command).toBe('DROP TABLE');
    expect(db.tables()).toEqual([]);
    expect(q('DROP TABLE IF EXISTS sales').command).toBe('DROP TABLE');
    expect(fail('DROP TABLE sales')).toMatchObject({ code: '42P01', message: 'table "sales" does not exist' });
  });
});

describe('SELECT', () => {
  it('groups, filters groups, orders and limits', () => {
    const { q } = withSales();
    const r = q(`SELECT region, COUNT(*), SUM(amount) AS total, AVG(qty), MIN(sold), MAX(amount)
      FROM sales GROUP BY region HAVING COUNT(*) >= 1 ORDER BY region NULLS FIRST`);
    expect(r.columns.map((c) => [c.name, c.typeName])).toEqual([['region', 'varchar'], ['count', 'int8'], ['total', 'numeric'], ['avg', 'int8'], ['min', 'timestamp'], ['max', 'numeric']]);
    expect(r.rows).toEqual([
      [null, 1, '1.00', 4, null, '1.00'],
      ['east', 2, '15.75', 2, '2026-11-26 01:00:00', '10.50'],
      ['west', 2, '20.00', 3, '2026-11-26 02:30:00', '20.00'],
    ]);
    expect(q('SELECT region FROM sales GROUP BY 1 HAVING SUM(qty) > 4 ORDER BY 1').rows).toEqual([['west']]);
  });

  it('HAVING without GROUP BY or aggregates groups all rows into one (PostgreSQL\'s rule)', () => {
    const { q, fail } = withSales();
    expect(q("SELECT 'any' HAVING 1 = 1").rows).toEqual([['any']]);
    expect(q("SELECT 'some' FROM sales HAVING 1 = 1").rows).toEqual([['some']]);
    expect(q("SELECT 'none' FROM sales HAVING 1 = 0").rows).toEqual([]);
    expect(fail('SELECT region FROM sales HAVING 1 = 1')).toMatchObject({ code: '42803' });
  });

  it('truncates integer AVG like Redshift', () => {
    const { rows } = withSales();
    expect(rows("SELECT AVG(qty) FROM sales WHERE region = 'west'")).toEqual([[3]]);
    expect(rows('SELECT AVG(id) FROM sales WHERE id IN (1, 2)')).toEqual([[1]]);
  });

  it('counts DISTINCT, and aggregates over no rows give one row', () => {
    const { rows } = withSales();
    expect(rows('SELECT COUNT(DISTINCT region), COUNT(region), COUNT(*) FROM sales')).toEqual([[2, 4, 5]]);
    expect(rows('SELECT COUNT(*), SUM(qty) FROM sales WHERE id > 100')).toEqual([[0, null]]);
  });

  it('orders by alias, ordinal and expression, descending, with NULLs last ascending and first descending', () => {
    const { rows } = withSales();
    expect(rows('SELECT id, amount AS a FROM sales ORDER BY a')).toEqual([[4, '1.00'], [3, '5.25'], [1, '10.50'], [2, '20.00'], [5, null]]);
    expect(rows('SELECT id, amount FROM sales ORDER BY 2 DESC')).toEqual([[5, null], [2, '20.00'], [1, '10.50'], [3, '5.25'], [4, '1.00']]);
    expect(rows('SELECT id FROM sales ORDER BY qty % 2, id DESC LIMIT 3')).toEqual([[4], [2], [5]]);
    expect(rows('SELECT id FROM sales ORDER BY id LIMIT 2 OFFSET 1')).toEqual([[2], [3]]);
  });

  it('names columns like Redshift: alias, column, function name, else ?column?', () => {
    const { q } = withSales();
    expect(q('SELECT id AS "Key", region, UPPER(region), id + 1, COUNT(*) FROM sales GROUP BY id, region').columns.map((c) => c.name)).toEqual(['Key', 'region', 'upper', '?column?', 'count']);
  });

  it('joins (inner and left) with aliases and qualified stars', () => {
    const { q, rows } = withSales();
    q('CREATE TABLE regions (name VARCHAR(10), manager VARCHAR(20))');
    q("INSERT INTO regions VALUES ('east', 'Ann'), ('south', 'Bob')");
    expect(rows('SELECT s.id, r.manager FROM sales s JOIN regions r ON s.region = r.name ORDER BY s.id')).toEqual([[1, 'Ann'], [3, 'Ann']]);
    expect(rows('SELECT s.id, r.manager FROM sales AS s LEFT JOIN regions AS r ON s.region = r.name ORDER BY 1')).toEqual([[1, 'Ann'], [2, null], [3, 'Ann'], [4, null], [5, null]]);
    expect(rows("SELECT r.* FROM sales s INNER JOIN regions r ON s.region = r.name WHERE s.id = 1")).toEqual([['east', 'Ann']]);
    expect(rows('SELECT r.name, COUNT(s.id) FROM regions r LEFT JOIN sales s ON s.region = r.name GROUP BY r.name ORDER BY 1')).toEqual([['east', 2], ['south', 0]]);
  });

  it('supports DISTINCT, SELECT without FROM, and NULL semantics in WHERE', () => {
    const { rows } = withSales();
    expect(rows('SELECT DISTINCT region FROM sales ORDER BY region')).toEqual([['east'], ['west'], [null]]);
    expect(rows("SELECT 1 + 1 AS two, 'a' || 'b', NULL IS NULL")).toEqual([[2, 'ab', true]]);
    expect(rows("SELECT id FROM sales WHERE region <> 'east' ORDER BY id")).toEqual([[2], [5]]);
    expect(rows("SELECT id FROM sales WHERE NOT (region = 'east') OR region IS NULL ORDER BY id")).toEqual([[2], [4], [5]]);
    expect(rows('SELECT id FROM sales WHERE amount BETWEEN 5 AND 15 ORDER BY id')).toEqual([[1], [3]]);
    expect(rows("SELECT id FROM sales WHERE region IN ('west', NULL) ORDER BY id")).toEqual([[2], [5]]);
  });

  it('has Redshift date functions and GETDATE/SYSDATE from the simulated clock', () => {
    const { rows, setNow } = withSales();
    setNow(Date.UTC(2026, 10, 26, 6, 45, 1, 500));
    expect(rows(`SELECT GETDATE(), SYSDATE, DATEADD(day, 1, sold), DATEADD(month, 1, '2026-01-31'), DATEDIFF(hour, '2026-11-26', sold),
      DATE_TRUNC('hour', sold), TO_CHAR(sold, 'YYYY-MM-DD HH24:MI:SS'), LEN(region), NVL(region, 'none'), EXTRACT(minute FROM sold)
      FROM sales WHERE id = 3`)).toEqual([
      ['2026-11-26 06:45:01', '2026-11-26 06:45:01.5', '2026-11-27 02:45:00', '2026-02-28 00:00:00', 2, '2026-11-26 02:00:00', '2026-11-26 02:45:00', 4, 'east', 45],
    ]);
    expect(rows("SELECT NVL(region, 'none') FROM sales WHERE id = 4")).toEqual([['none']]);
  });
});

describe('errors', () => {
  it('42P01 relation does not exist', () => {
    const { fail } = setup();
    expect(fail('SELECT * FROM nope')).toMatchObject({ code: '42P01', message: 'relation "nope" does not exist' });
    expect(fail('INSERT INTO public.nope VALUES (1)').message).toBe('relation "public.nope" does not exist');
  });

  it('42P07 relation already exists', () => {
    const { q, fail } = setup();
    q('CREATE TABLE t (a INT)');
    expect(fail('create table T (b int)')).toMatchObject({ code: '42P07', message: 'relation "t" already exists' });
  });

  it('42703 column does not exist, with its position', () => {
    const { q, fail } = setup();
    q('CREATE TABLE t (a INT)');
    expect(fail('SELECT a,\n  b FROM t')).toMatchObject({ code: '42703', message: 'column "b" does not exist', line: 2, column: 3 });
    expect(fail('INSERT INTO t (a, zz) VALUES (1, 2)')).toMatchObject({ code: '42703', message: 'column "zz" of relation "t" does not exist' });
    expect(fail('UPDATE t SET zz = 1').code).toBe('42703');
  });

  it('42601 syntax error with line and column', () => {
    const { q, fail } = setup();
    q('CREATE TABLE t (a INT)');
    expect(fail('SELECT a\nFROM t\nWHERE a = FROM')).toMatchObject({ code: '42601', message: 'syntax error at or near "FROM"', line: 3, column: 11 });
    expect(fail('SELEC 1')).toMatchObject({ code: '42601', message: 'syntax error at or near "SELEC"', line: 1, column: 1 });
    expect(fail('SELECT (1')).toMatchObject({ code: '42601', message: 'syntax error at end of input' });
  });

  it('23502 not-null violation', () => {
    const { q, fail } = setup();
    q('CREATE TABLE t (a INT NOT NULL, b INT)');
    expect(fail('INSERT INTO t VALUES (NULL, 1)')).toMatchObject({ code: '23502', message: 'null value in column "a" violates not-null constraint' });
    expect(fail('INSERT INTO t (b) VALUES (1)').code).toBe('23502');
    q('INSERT INTO t VALUES (1, 1)');
    expect(fail('UPDATE t SET a = NULL').code).toBe('23502');
  });

  it('22001 value too long (VARCHAR counts bytes)', () => {
    const { q, fail } = setup();
    q('CREATE TABLE t (s VARCHAR(10), c CHAR(2))');
    expect(fail("INSERT INTO t (s) VALUES ('12345678901')")).toMatchObject({ code: '22001', message: 'value too long for type character varying(10)' });
    expect(fail("INSERT INTO t (s) VALUES ('ééééééé')").code).toBe('22001');
    expect(fail("INSERT INTO t (c) VALUES ('abc')").message).toBe('value too long for type character(2)');
    expect(q("INSERT INTO t (s) VALUES (CAST('12345678901' AS VARCHAR(10)))").rowsAffected).toBe(1);
  });

  it('22012 division by zero and 22P02 invalid input', () => {
    const { q, fail } = setup();
    expect(fail('SELECT 1/0')).toMatchObject({ code: '22012', message: 'division by zero' });
    q('CREATE TABLE t (a INT)');
    expect(fail("INSERT INTO t VALUES ('x')")).toMatchObject({ code: '22P02', message: 'invalid input syntax for type integer: "x"' });
    expect(fail("SELECT 'abc'::int").message).toBe('invalid input syntax for type integer: "abc"');
  });

  it('42803 column must appear in GROUP BY, and no aggregates in WHERE', () => {
    const { fail } = withSales();
    expect(fail('SELECT region, qty FROM sales GROUP BY region')).toMatchObject({
      code: '42803', message: 'column "sales.qty" must appear in the GROUP BY clause or be used in an aggregate function', line: 1, column: 16,
    });
    expect(fail('SELECT id, COUNT(*) FROM sales').code).toBe('42803');
    expect(fail('SELECT id FROM sales WHERE COUNT(*) > 1')).toMatchObject({ code: '42803', message: 'aggregate functions are not allowed in WHERE' });
  });

  it('42804/42883 type errors at compile time', () => {
    const { fail } = withSales();
    expect(fail('SELECT id FROM sales WHERE qty')).toMatchObject({ code: '42804', message: 'argument of WHERE must be type boolean, not type integer' });
    expect(fail('SELECT id + true FROM sales')).toMatchObject({ code: '42883', message: 'operator does not exist: integer + boolean', line: 1, column: 11 });
  });

  it('execute runs one statement only', () => {
    const { db } = setup();
    expect(() => db.execute('SELECT 1; SELECT 2')).toThrow('cannot insert multiple commands into a prepared statement');
    expect(db.execute('SELECT 1;').rows).toEqual([[1]]);
  });
});

describe('executeAll (a batch is one transaction)', () => {
  it('runs every statement and returns each result', () => {
    const { db } = setup();
    const r = db.executeAll('CREATE TABLE t (a INT); INSERT INTO t VALUES (1), (2); SELECT COUNT(*) FROM t');
    expect(r.map((x) => x.command)).toEqual(['CREATE TABLE', 'INSERT', 'SELECT']);
    expect(r[2]!.rows).toEqual([[2]]);
  });

  it('rolls back earlier statements when one fails', () => {
    const { db, q, rows } = setup();
    q('CREATE TABLE t (a INT)');
    expect(() => db.executeAll('INSERT INTO t VALUES (1); CREATE TABLE u (b INT); INSERT INTO t VALUES (1/0)')).toThrow('division by zero');
    expect(rows('SELECT COUNT(*) FROM t')).toEqual([[0]]);
    expect(db.tables().map((t) => t.name)).toEqual(['t']);
  });
});

describe('COPY', () => {
  const events = (s: ReturnType<typeof setup>): void => {
    s.q('CREATE TABLE events (id INT NOT NULL, name VARCHAR(5), price DECIMAL(8,2), at TIMESTAMP)');
  };

  it('loads JSON auto whether objects are concatenated (Firehose) or one per line', () => {
    const s = setup();
    events(s);
    s.put('s3://lake/fh/2026/11/26/part-1', '{"id":1,"name":"a","price":1.5,"at":"2026-11-26T06:00:00Z"}{"id":2,"name":"b","price":2,"at":"2026-11-26 06:00:01"}');
    s.put('s3://lake/fh/2026/11/26/part-2', '{"id":3,"name":"c"}\n{"id":4,"price":"4.25"}\n');
    const r = s.q("COPY events FROM 's3://lake/fh/2026/' IAM_ROLE 'arn:aws:iam::123456789012:role/fh' FORMAT AS JSON 'auto' TIMEFORMAT 'auto'");
    expect(r).toEqual({ command: 'COPY', columns: [], rows: [], rowsAffected: 4 });
    expect(s.rows('SELECT * FROM events ORDER BY id')).toEqual([
      [1, 'a', '1.50', '2026-11-26 06:00:00'],
      [2, 'b', '2.00', '2026-11-26 06:00:01'],
      [3, 'c', null, null],
      [4, null, '4.25', null],
    ]);
    expect(s.rows('SELECT filename, lines_scanned, errors, status FROM stl_load_commits ORDER BY filename')).toEqual([
      ['s3://lake/fh/2026/11/26/part-1', 2, 0, 1],
      ['s3://lake/fh/2026/11/26/part-2', 2, 0, 1],
    ]);
  });

  it('loads CSV with IGNOREHEADER and quoted fields', () => {
    const s = setup();
    events(s);
    s.put('s3://b/in.csv', 'id,name,price,at\n1,"a,b",3.5,2026-11-26 06:45:01\n2,,,\n');
    expect(s.q("COPY events FROM 's3://b/in.csv' CREDENTIALS 'aws_iam_role=arn:aws:iam::1:role/r' CSV IGNOREHEADER AS 1 REGION 'us-east-1'").rowsAffected).toBe(2);
    expect(s.rows('SELECT * FROM events ORDER BY id')).toEqual([[1, 'a,b', '3.50', '2026-11-26 06:45:01'], [2, '', null, null]]);
  });

  it('loads pipe-delimited text by default, with \\N as NULL, and a column list', () => {
    const s = setup();
    events(s);
    s.put('s3://b/p/x.txt', '7|seven\n8|\\N\n');
    expect(s.q("COPY events (id, name) FROM 's3://b/p/' IAM_ROLE 'arn'").rowsAffected).toBe(2);
    expect(s.rows('SELECT id, name, price FROM events ORDER BY id')).toEqual([[7, 'seven', null], [8, null, null]]);
  });

  it('decompresses GZIP objects', () => {
    const s = setup();
    events(s);
    s.put('s3://b/g.gz', gzipSync(new TextEncoder().encode('{"id":9,"name":"zip"}')));
    expect(s.q("COPY events FROM 's3://b/g.gz' IAM_ROLE 'arn' JSON 'auto' GZIP").rowsAffected).toBe(1);
    expect(s.rows('SELECT name FROM events')).toEqual([['zip']]);
  });

  it('reads a MANIFEST; a missing mandatory file fails the COPY, a missing optional one is skipped', () => {
    const s = setup();
    events(s);
    s.put('s3://b/d/1.json', '{"id":1}');
    s.put('s3://b/m1', JSON.stringify({ entries: [{ url: 's3://b/d/1.json', mandatory: true }, { url: 's3://b/d/missing.json', mandatory: false }] }));
    expect(s.q("COPY events FROM 's3://b/m1' IAM_ROLE 'arn' MANIFEST FORMAT JSON 'auto'").rowsAffected).toBe(1);
    s.put('s3://b/m2', JSON.stringify({ entries: [{ url: 's3://b/d/1.json', mandatory: true }, { url: 's3://b/d/missing.json', mandatory: true }] }));
    const e = s.fail("COPY events FROM 's3://b/m2' IAM_ROLE 'arn' MANIFEST FORMAT JSON 'auto'");
    expect(e.code).toBe('XX000');
    expect(e.message).toContain('NoSuchKey');
    expect(e.message).toContain('s3://b/d/missing.json');
    expect(s.rows('SELECT COUNT(*) FROM events')).toEqual([[1]]);
  });

  it('is atomic: too many bad rows load nothing, and stl_load_errors explains why', () => {
    const s = setup();
    events(s);
    s.put('s3://b/bad.txt', '1|ok|1.00|2026-11-26 06:00:00\nx|bad\n3|toolong|1|2026-11-26 06:00:00\n4|a|1|26/11/2026\n\\N|a|1|2026-11-26 06:00:00\n');
    const e = s.fail("COPY events FROM 's3://b/bad.txt' IAM_ROLE 'arn' FILLRECORD");
    expect(e).toMatchObject({ code: 'XX000', message: "Load into table 'events' failed. Check 'stl_load_errors' system table for details." });
    expect(s.rows('SELECT COUNT(*) FROM events')).toEqual([[0]]);
    expect(s.rows('SELECT COUNT(*) FROM stl_load_commits')).toEqual([[0]]);
    const r = s.q('SELECT line_number, colname, type, col_length, raw_field_value, err_code, err_reason, filename, query, tbl FROM stl_load_errors ORDER BY line_number');
    expect(r.rows.map((x) => x.slice(0, 7))).toEqual([
      [2, 'id', 'int4', '0', 'x', 1207, "Invalid digit, Value 'x', Pos 0, Type: Integer"],
      [3, 'name', 'varchar', '5', 'toolong', 1204, 'String length exceeds DDL length'],
      [4, 'at', 'timestamp', '0', '26/11/2026', 1206, 'Invalid timestamp format or value [YYYY-MM-DD HH24:MI:SS]'],
      [5, 'id', 'int4', '0', '\\N', 1213, 'Missing data for not-null field'],
    ]);
    expect(r.rows[0]![7]).toBe('s3://b/bad.txt');
    expect(r.rows[0]![8]).toBe(2); // the COPY was the second statement
    expect(typeof r.rows[0]![9]).toBe('number');
  });

  it('loads the good rows when errors ≤ MAXERROR, still logging the bad ones', () => {
    const s = setup();
    events(s);
    s.put('s3://b/one-bad.csv', '1,a\nnope,b\n3,c\n');
    expect(s.q("COPY events (id, name) FROM 's3://b/one-bad.csv' IAM_ROLE 'arn' CSV MAXERROR AS 1").rowsAffected).toBe(2);
    expect(s.rows('SELECT id FROM events ORDER BY id')).toEqual([[1], [3]]);
    expect(s.rows('SELECT line_number, err_code FROM stl_load_errors')).toEqual([[2, 1207]]);
    expect(s.rows('SELECT lines_scanned, errors FROM stl_load_commits')).toEqual([[3, 1]]);
  });

  it('applies DATEFORMAT/TIMEFORMAT, EMPTYASNULL, TRUNCATECOLUMNS, NULL AS and DELIMITER', () => {
    const s = setup();
    s.q('CREATE TABLE t (d DATE, ts TIMESTAMP, s VARCHAR(3), n INT)');
    s.put('s3://b/t.txt', '2026-11-26;1795675501;abcdef;NA\nshort;1795675501000;;7\n');
    const e = s.fail("COPY t FROM 's3://b/t.txt' IAM_ROLE 'arn' DELIMITER ';' TIMEFORMAT 'epochsecs' DATEFORMAT 'auto' EMPTYASNULL TRUNCATECOLUMNS NULL AS 'NA'");
    expect(e.code).toBe('XX000');
    expect(s.rows('SELECT err_code, err_reason FROM stl_load_errors')).toEqual([[1205, 'Invalid date format - Invalid digit encountered']]);
    s.put('s3://b/t.txt', '2026-11-26;1795675501;abcdef;NA\n2026-11-27;1795675502;;7\n');
    s.q("COPY t FROM 's3://b/t.txt' IAM_ROLE 'arn' DELIMITER AS ';' TIMEFORMAT AS 'epochsecs' DATEFORMAT 'auto' EMPTYASNULL TRUNCATECOLUMNS NULL AS 'NA' STATUPDATE OFF COMPUPDATE OFF");
    expect(s.rows('SELECT * FROM t ORDER BY d')).toEqual([
      ['2026-11-26', '2026-11-26 06:45:01', 'abc', null],
      ['2026-11-27', '2026-11-26 06:45:02', null, 7],
    ]);
    s.put('s3://b/d.txt', '26.11|x\n');
    s.q('CREATE TABLE dd (d DATE, s VARCHAR(3))');
    expect(s.fail("COPY dd FROM 's3://b/d.txt' IAM_ROLE 'arn'").code).toBe('XX000');
    expect(s.rows('SELECT err_code, err_reason FROM stl_load_errors WHERE err_code = 1205 AND raw_field_value = \'26.11\'')).toEqual([[1205, 'Invalid Date Format - length must be 10 or more']]);
  });

  it('logs the reader\'s own errors (a line with too few fields) with the raw line', () => {
    const s = setup();
    events(s);
    s.put('s3://b/short.txt', '1|a|1.00|2026-11-26 06:00:00\n2|b\n');
    expect(s.fail("COPY events FROM 's3://b/short.txt' IAM_ROLE 'arn'").code).toBe('XX000');
    expect(s.rows('SELECT line_number, raw_line, err_code FROM stl_load_errors')).toEqual([[2, '2|b', 1214]]);
  });

  it("loads JSON with 'auto ignorecase' and with a JSONPaths file", () => {
    const s = setup();
    events(s);
    s.put('s3://b/j/1.json', '{"ID":1,"Name":"a"}');
    expect(s.q("COPY events FROM 's3://b/j/' IAM_ROLE 'arn' FORMAT AS JSON 'auto ignorecase'").rowsAffected).toBe(1);
    s.put('s3://b/paths.json', JSON.stringify({ jsonpaths: ['$.user.id', '$.user.name'] }));
    s.put('s3://b/k/1.json', '{"user":{"id":2,"name":"bo"}}');
    expect(s.q("COPY events (id, name) FROM 's3://b/k/' IAM_ROLE 'arn' JSON 's3://b/paths.json'").rowsAffected).toBe(1);
    expect(s.rows('SELECT id, name FROM events ORDER BY id')).toEqual([[1, 'a'], [2, 'bo']]);
    expect(s.fail("COPY events FROM 's3://b/k/' IAM_ROLE 'arn' JSON 's3://b/paths.json'").message).toBe(
      'Number of jsonpaths and the number of columns should match. JSONPath size: 2, Number of columns in table or column list: 4',
    );
  });

  it('rejects an unknown option as a syntax error', () => {
    const s = setup();
    events(s);
    expect(s.fail("COPY events FROM 's3://b/x' IAM_ROLE 'arn' BOGUS")).toMatchObject({ code: '42601', message: 'syntax error at or near "BOGUS"', line: 1, column: 44 });
  });

  it('fails when the prefix matches nothing or the bucket does not exist', () => {
    const s = setup();
    events(s);
    s.put('s3://b/other', 'x');
    expect(s.fail("COPY events FROM 's3://b/none/' IAM_ROLE 'arn'")).toMatchObject({ code: 'XX000', message: "The specified S3 prefix 'none/' does not exist" });
    expect(s.fail("COPY events FROM 's3://nobucket/x' IAM_ROLE 'arn'").message).toContain('NoSuchBucket');
    expect(s.fail("COPY nope FROM 's3://b/other' IAM_ROLE 'arn'").code).toBe('42P01');
  });
});

describe('state', () => {
  it('round-trips through snapshot/load (as JSON)', () => {
    const a = withSales();
    a.put('s3://b/x.json', '{"id":"bad"}');
    expect(() => a.db.execute("COPY sales FROM 's3://b/x.json' IAM_ROLE 'arn' JSON 'auto'")).toThrow(RedshiftError);
    const snap = JSON.parse(JSON.stringify(a.db.snapshot()));
    const b = setup();
    b.db.load(snap);
    expect(b.db.tables()).toEqual(a.db.tables());
    expect(b.rows('SELECT * FROM sales ORDER BY id')).toEqual(a.rows('SELECT * FROM sales ORDER BY id'));
    expect(b.rows('SELECT err_code FROM stl_load_errors')).toEqual([[1207]]);
    b.q("INSERT INTO sales (id) VALUES (6)");
    expect(b.rows('SELECT COUNT(*) FROM sales')).toEqual([[6]]);
    expect(a.rows('SELECT COUNT(*) FROM sales')).toEqual([[5]]);
  });

  it('describes user tables in svv_table_info', () => {
    const { rows } = withSales();
    expect(rows('SELECT "schema", "table", tbl_rows FROM svv_table_info')).toEqual([['public', 'sales', 5]]);
  });

  it('notifies observers after changes, not after reads', () => {
    const { db, q } = setup();
    let n = 0;
    const off = db.observe(() => n++);
    q('CREATE TABLE t (a INT)');
    q('INSERT INTO t VALUES (1)');
    q('SELECT * FROM t');
    expect(n).toBe(2);
    off();
    q('INSERT INTO t VALUES (2)');
    expect(n).toBe(2);
  });
});
