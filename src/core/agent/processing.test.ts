import { describe, expect, it } from 'vitest';
import { converter, converterChain, parseLogLine, validateProcessingOptions, type ProcessingOption } from './processing.js';

const run = (o: ProcessingOption, line: string, now = 0): string | null => converter(o)(line, now);
const json = (s: string | null): unknown => (s === null ? null : JSON.parse(s));

describe('functionality', () => {
  it('SINGLELINE trims every line and joins them (SingleLineDataConverter)', () => {
    expect(run({ optionName: 'SINGLELINE' }, '  {\n    "a": 1,\n    "b": 2\n  }\n')).toBe('{"a": 1,"b": 2}\n');
  });

  it('CSVTOJSON maps columns to customFieldNames, missing ones to null, with a custom delimiter', () => {
    const o: ProcessingOption = { optionName: 'CSVTOJSON', customFieldNames: ['field1', 'field2', 'field3'] };
    expect(run(o, 'v1,v2,v3\n')).toBe('{"field1":"v1","field2":"v2","field3":"v3"}\n');
    expect(json(run(o, 'v1\n'))).toEqual({ field1: 'v1', field2: null, field3: null });
    // The delimiter is a regex, as in Java's String.split ("\\t" in agent.json).
    expect(json(run({ ...o, delimiter: '\\t' }, 'a\tb\tc\n'))).toEqual({ field1: 'a', field2: 'b', field3: 'c' });
  });

  it("LOGTOJSON COMMONAPACHELOG: the agent's documented example, '-' as null", () => {
    const line = '64.242.88.10 - - [07/Mar/2004:16:10:02 -0800] "GET /mailman/listinfo/hsdivision HTTP/1.1" 200 6291\n';
    expect(run({ optionName: 'LOGTOJSON', logFormat: 'COMMONAPACHELOG' }, line)).toBe(
      '{"host":"64.242.88.10","ident":null,"authuser":null,"datetime":"07/Mar/2004:16:10:02 -0800",' +
        '"request":"GET /mailman/listinfo/hsdivision HTTP/1.1","response":"200","bytes":"6291"}\n',
    );
  });

  it('LOGTOJSON COMBINEDAPACHELOG adds referer and agent', () => {
    const line = '127.0.0.1 - frank [10/Oct/2000:13:55:36 -0700] "GET /apache_pb.gif HTTP/1.0" 200 2326 "http://www.example.com/start.html" "Mozilla/4.08 [en] (Win98; I ;Nav)"';
    expect(parseLogLine(line, { logFormat: 'COMBINEDAPACHELOG' })).toEqual({
      host: '127.0.0.1', ident: null, authuser: 'frank', datetime: '10/Oct/2000:13:55:36 -0700', request: 'GET /apache_pb.gif HTTP/1.0',
      response: '200', bytes: '2326', referer: 'http://www.example.com/start.html', agent: 'Mozilla/4.08 [en] (Win98; I ;Nav)',
    });
  });

  it('LOGTOJSON APACHEERRORLOG, SYSLOG and RFC3339SYSLOG use the agent field names', () => {
    expect(parseLogLine('[Fri Sep 09 10:42:29.902022 2011] [core:error] [pid 35708:tid 4328636416] [client 72.15.99.187] File does not exist: /favicon.ico', { logFormat: 'APACHEERRORLOG' })).toEqual({
      timestamp: 'Fri Sep 09 10:42:29.902022 2011', module: 'core', severity: 'error', processid: '35708', threadid: '4328636416', client: '72.15.99.187', message: 'File does not exist: /favicon.ico',
    });
    expect(parseLogLine("Mar 12 12:00:08 server2 rcd[308]: Loaded 12 packages in 'ximian-red-carpet|351'", { logFormat: 'SYSLOG' })).toEqual({
      timestamp: 'Mar 12 12:00:08', hostname: 'server2', program: 'rcd', processid: '308', message: "Loaded 12 packages in 'ximian-red-carpet|351'",
    });
    expect(parseLogLine('2019-02-11T23:47:01.123456+00:00 ip-10-0-0-1 sshd: Accepted publickey', { logFormat: 'RFC3339SYSLOG' })).toEqual({
      timestamp: '2019-02-11T23:47:01.123456+00:00', hostname: 'ip-10-0-0-1', program: 'sshd', processid: null, message: 'Accepted publickey',
    });
  });

  it('LOGTOJSON renames fields with customFieldNames and parses with matchPattern', () => {
    const renamed = run({ optionName: 'LOGTOJSON', logFormat: 'SYSLOG', customFieldNames: ['ts', 'host', 'prog', 'pid', 'msg'] }, 'Mar 12 12:00:08 server2 rcd: hi\n');
    expect(json(renamed)).toEqual({ ts: 'Mar 12 12:00:08', host: 'server2', prog: 'rcd', pid: null, msg: 'hi' });
    const custom: ProcessingOption = { optionName: 'LOGTOJSON', logFormat: 'COMMONAPACHELOG', matchPattern: '(\\w+)=(\\d+)', customFieldNames: ['name', 'value'] };
    expect(json(run(custom, 'cpu=93\n'))).toEqual({ name: 'cpu', value: '93' });
  });

  it('LOGTOJSON drops a line that does not match (the agent skips it)', () => {
    expect(run({ optionName: 'LOGTOJSON', logFormat: 'COMMONAPACHELOG' }, 'not an access log line\n')).toBeNull();
  });

  it('ADDMETADATA wraps the record with the metadata and, on request, a UTC timestamp', () => {
    const o: ProcessingOption = { optionName: 'ADDMETADATA', timestamp: 'true', metadata: { host: 'web-1', tags: { env: 'prod' } } };
    expect(run(o, 'hello\n', Date.UTC(2024, 1, 3, 4, 5, 6, 7))).toBe('{"metadata":{"host":"web-1","tags":{"env":"prod"}},"data":"hello","ts":"2024-02-03T04:05:06.007Z"}\n');
    expect(json(run({ optionName: 'ADDMETADATA', timestamp: 'false', metadata: 1 }, 'x\n'))).toEqual({ metadata: 1, data: 'x' });
  });

  it('applies options in order, and stops when one drops the record', () => {
    const chain = converterChain([
      { optionName: 'LOGTOJSON', logFormat: 'COMMONAPACHELOG' },
      { optionName: 'ADDMETADATA', metadata: { env: 'test' } },
    ]);
    const out = json(chain('10.0.0.1 - - [07/Mar/2004:16:10:02 -0800] "GET / HTTP/1.1" 200 -\n', 0)) as { data: string };
    expect(JSON.parse(out.data)).toMatchObject({ host: '10.0.0.1', bytes: null });
    expect(chain('garbage\n', 0)).toBeNull();
  });
});

describe('validations', () => {
  const issues = (v: unknown): string[] => validateProcessingOptions(v, 'p').issues.map((i) => `${i.path}: ${i.message}`);

  it('accepts the documented options', () => {
    expect(issues([{ optionName: 'SINGLELINE' }, { optionName: 'CSVTOJSON', customFieldNames: ['a'], delimiter: '\\t' }, { optionName: 'LOGTOJSON', logFormat: 'SYSLOG' }, { optionName: 'ADDMETADATA', timestamp: 'true', metadata: {} }])).toEqual([]);
  });

  it('names what is wrong', () => {
    expect(issues([{ optionName: 'CSVTOJSON' }])).toEqual(['p[0].customFieldNames: customFieldNames is required: an array of field names']);
    expect(issues([{ optionName: 'LOGTOJSON', logFormat: 'NGINX' }])[0]).toMatch(/^p\[0\]\.logFormat: logFormat is required: one of COMMONAPACHELOG/);
    expect(issues([{ optionName: 'LOGTOJSON', logFormat: 'SYSLOG', customFieldNames: ['a'] }])).toEqual([
      'p[0]: Invalid custom field names for the selected log format. Please modify the field names or specify the matchPattern',
    ]);
    expect(issues([{ optionName: 'LOGTOJSON', logFormat: 'SYSLOG', matchPattern: '(a)' }])).toEqual(['p[0]: customFieldNames must be specified when matchPattern is specified']);
    expect(issues([{ optionName: 'LOGTOJSON', logFormat: 'SYSLOG', matchPattern: '(a)(b)', customFieldNames: ['x'] }])).toEqual(['p[0]: matchPattern has 2 capturing groups but customFieldNames has 1 names']);
    expect(issues([{ optionName: 'TOUPPER' }])[0]).toMatch(/^p\[0\]\.optionName: optionName must be one of/);
    expect(issues({})).toEqual(['p: must be an array of processing options']);
  });
});
