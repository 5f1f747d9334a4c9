import { describe, expect, it } from 'vitest';
import { createRandom } from '../sim/random';
import {
  evaluatePrefix, fileExtension, formatTimestamp, objectName, parsePrefix, randomString, requiredPartitionKeys, uuidLike, validatePrefixes,
} from './objectKey';

const AUG_27 = Date.UTC(2018, 7, 27, 10, 30, 12, 345); // 2018-08-27T10:30:12.345Z
const JUL_06 = Date.UTC(2018, 6, 6, 23, 5, 0);
const ctx = (extra: Partial<Parameters<typeof evaluatePrefix>[1]> = {}) => ({ arrival: AUG_27, random: createRandom(1).next, ...extra });
const CONSTRAINT = 'Ths supplied prefix(es) do not satisfy the following constraint: ';
const msg = (p: string | undefined, e: string | undefined, dynamicPartitioning = false) =>
  validatePrefixes(p, e, { dynamicPartitioning })?.message;

describe('validatePrefixes', () => {
  it('accepts no prefixes, literal prefixes and well-formed expressions', () => {
    expect(validatePrefixes(undefined, undefined, { dynamicPartitioning: false })).toBeUndefined();
    expect(msg('logs/', undefined)).toBeUndefined();
    expect(msg('', '')).toBeUndefined();
    expect(msg("p/!{timestamp:yyyy'-'MM}/!{firehose:random-string}/", 'e/!{firehose:error-output-type}/')).toBeUndefined();
    expect(msg('logs/', 'errors/')).toBeUndefined(); // a literal error prefix needs no error-output-type
  });

  it('answers InvalidArgumentException with status 400', () => {
    expect(validatePrefixes('!{timestamp:yyyy}', undefined, { dynamicPartitioning: false })).toEqual({
      __type: 'InvalidArgumentException',
      status: 400,
      message: `${CONSTRAINT}ErrorOutputPrefix cannot be null or empty when Prefix contains expressions`,
    });
    expect(msg('!{timestamp:yyyy}', '')).toBe(`${CONSTRAINT}ErrorOutputPrefix cannot be null or empty when Prefix contains expressions`);
  });

  it('rejects a stray !{ and unknown namespaces', () => {
    expect(msg('a/!{timestamp:yyyy', 'x')).toBe('Invalid expression usage');
    expect(msg('a/!{oops}/', 'x')).toBe('Invalid expression usage');
    expect(msg('a/', 'e/!{firehose:error-output-type}/!{')).toBe('Invalid expression usage');
    expect(msg('a/!{foo:bar}/', 'x')).toBe('Namespace to the left of colon (foo) is an invalid keyword!');
    expect(msg('a/!{Timestamp:yyyy}/', 'x')).toBe('Namespace to the left of colon (Timestamp) is an invalid keyword!');
  });

  it('rejects bad values, naming the field', () => {
    expect(msg('a/!{firehose:uuid}/', 'e/!{firehose:error-output-type}')).toBe('Invalid conversion character used in the value of the expression in Prefix');
    expect(msg('a/', 'e/!{firehose:error-output-type}/!{timestamp:yyyy-ii}')).toBe(
      'Invalid conversion character used in the value of the expression in ErrorOutputPrefix',
    );
    expect(msg('a/!{timestamp:}/', 'e/!{firehose:error-output-type}')).toBe('Invalid conversion character used in the value of the expression in Prefix');
    // Letters inside quotes are literal text, so they are allowed.
    expect(msg("a/!{timestamp:'tip='yyyy}/", 'e/!{firehose:error-output-type}')).toBeUndefined();
  });

  it('keeps error-output-type out of Prefix and requires it in an ErrorOutputPrefix with expressions', () => {
    expect(msg('a/!{firehose:error-output-type}/', 'e/!{firehose:error-output-type}')).toBe(
      `${CONSTRAINT}Prefix must not contain any occurrence of !{firehose:error-output-type}`,
    );
    expect(msg('a/!{timestamp:yyyy}/', 'e/!{timestamp:yyyy}/')).toBe(
      `${CONSTRAINT}ErrorOutputPrefix must contain at least one occurrence of !{firehose:error-output-type}`,
    );
  });

  it('applies the dynamic partitioning rules', () => {
    const p = 'customer=!{partitionKeyFromQuery:customer}/!{partitionKeyFromLambda:device}/';
    const e = 'errors/!{firehose:error-output-type}/';
    expect(msg(p, e, false)).toBe('Dynamic Partitioning Namespaces can only be part of a prefix expression when Dynamic Partitioning is enabled.');
    expect(msg(p, e, true)).toBeUndefined();
    expect(msg('a/!{timestamp:yyyy}/', e, true)).toBe('S3 Prefix should contain Dynamic Partitioning namespaces when Dynamic Partitioning is enabled');
    expect(msg(p, 'errors/!{firehose:error-output-type}/!{partitionKeyFromQuery:customer}/', true)).toBe(
      "Dynamic Partitioning Namespaces can't be part of an error prefix expression",
    );
    expect(msg('c=!{partitionKeyFromQuery:}/', e, true)).toBe('Invalid conversion character used in the value of the expression in Prefix');
  });

  it('keeps Redshift prefixes free of expressions and error prefixes', () => {
    expect(validatePrefixes('copy/', undefined, { dynamicPartitioning: false, redshift: true })).toBeUndefined();
    expect(validatePrefixes('copy/', 'e/', { dynamicPartitioning: false, redshift: true })?.message).toMatch(/Amazon Redshift/);
  });

  it('limits the evaluated length to 512', () => {
    expect(msg('a'.repeat(512), undefined)).toBeUndefined();
    expect(msg('a'.repeat(513), undefined)).toBe(`${CONSTRAINT}Length of evaluated prefix cannot be greater than 512`);
    // 508 literal characters + a 4-character year = 512; one more character breaks the limit.
    expect(msg(`${'a'.repeat(508)}!{timestamp:yyyy}`, 'e/!{firehose:error-output-type}')).toBeUndefined();
    expect(msg(`${'a'.repeat(509)}!{timestamp:yyyy}`, 'e/!{firehose:error-output-type}')).toBe(
      `${CONSTRAINT}Length of evaluated prefix cannot be greater than 512`,
    );
    expect(msg('a/', `${'e'.repeat(512)}!{firehose:error-output-type}`)).toBe(`${CONSTRAINT}Length of evaluated ErrorOutputPrefix cannot be greater than 512`);
  });
});

describe('evaluatePrefix — data', () => {
  it('uses yyyy/MM/dd/HH/ (UTC, oldest record) when no Prefix is set', () => {
    expect(evaluatePrefix(undefined, ctx(), 'data')).toBe('2018/08/27/10/');
    expect(evaluatePrefix('', ctx(), 'data')).toBe('2018/08/27/10/');
  });

  it('appends the time verbatim to a Prefix without expressions (no slash inserted)', () => {
    expect(evaluatePrefix('logs', ctx(), 'data')).toBe('logs2018/08/27/10/');
    expect(evaluatePrefix('myFirehosePrefix/', ctx(), 'data')).toBe('myFirehosePrefix/2018/08/27/10/');
  });

  it('evaluates timestamp expressions (spec §5.2 example), all at the same instant', () => {
    const p = 'myPrefix/year=!{timestamp:yyyy}/month=!{timestamp:MM}/day=!{timestamp:dd}/hour=!{timestamp:HH}/';
    expect(evaluatePrefix(p, ctx({ arrival: JUL_06 }), 'data')).toBe('myPrefix/year=2018/month=07/day=06/hour=23/');
    expect(evaluatePrefix('!{timestamp:HH}:!{timestamp:mm}:!{timestamp:ss}/!{timestamp:yy}', ctx(), 'data')).toBe('10:30:12/18');
    // No time is appended to a prefix that has expressions.
    expect(evaluatePrefix('x/!{timestamp:yyyy}/', ctx(), 'data')).toBe('x/2018/');
  });

  it('draws a new 11-character random string per occurrence', () => {
    const out = evaluatePrefix('!{firehose:random-string}/!{firehose:random-string}/', ctx(), 'data');
    const [a, b] = out.split('/');
    expect(a).toMatch(/^[0-9a-f]{8}-[0-9a-f]{2}$/);
    expect(b).toMatch(/^[0-9a-f]{8}-[0-9a-f]{2}$/);
    expect(a).not.toBe(b);
    // Deterministic for a seed.
    expect(evaluatePrefix('!{firehose:random-string}', ctx({ random: createRandom(9).next }), 'data')).toBe(
      evaluatePrefix('!{firehose:random-string}', ctx({ random: createRandom(9).next }), 'data'),
    );
  });

  it('inserts partition keys from the query and from Lambda', () => {
    const p = 'c=!{partitionKeyFromQuery:customer}/d=!{partitionKeyFromLambda:device}/';
    expect(evaluatePrefix(p, ctx({ partitionKeys: { customer: '42', device: 'phone' } }), 'data')).toBe('c=42/d=phone/');
    expect(evaluatePrefix(p, ctx({ partitionKeys: { customer: '42' }, lambdaPartitionKeys: { device: 'tv' } }), 'data')).toBe('c=42/d=tv/');
    expect(() => evaluatePrefix(p, ctx({ partitionKeys: { customer: '42' } }), 'data')).toThrow(/missing partition key device/);
  });

  it('uses CustomTimeZone for the wall clock', () => {
    // 20:30 UTC is 05:30 the next day in Tokyo (UTC+9, no DST).
    const at = Date.UTC(2018, 7, 27, 20, 30, 0);
    expect(evaluatePrefix(undefined, ctx({ arrival: at, timeZone: 'Asia/Tokyo' }), 'data')).toBe('2018/08/28/05/');
    expect(evaluatePrefix(undefined, ctx({ arrival: at }), 'data')).toBe('2018/08/27/20/');
  });
});

describe('evaluatePrefix — errors', () => {
  it('evaluates error-output-type and timestamps (spec §5.2 example)', () => {
    const e = 'myErrors/!{firehose:error-output-type}/!{timestamp:yyyy/MM/dd}/';
    expect(evaluatePrefix(e, ctx({ arrival: JUL_06, errorOutputType: 'processing-failed' }), 'error')).toBe('myErrors/processing-failed/2018/07/06/');
    const quoted = "myErrorPrefix/!{timestamp:'year='yyyy'/month='MM'/day='dd'/hour='HH}/!{firehose:error-output-type}";
    expect(evaluatePrefix(quoted, ctx({ arrival: JUL_06, errorOutputType: 'processing-failed' }), 'error')).toBe(
      'myErrorPrefix/year=2018/month=07/day=06/hour=23/processing-failed',
    );
  });

  it('derives <Prefix><type>/yyyy/MM/dd/HH/ when no ErrorOutputPrefix is set', () => {
    expect(evaluatePrefix(undefined, ctx({ errorOutputType: 'processing-failed', dataPrefix: 'myFirehosePrefix/' }), 'error')).toBe(
      'myFirehosePrefix/processing-failed/2018/08/27/10/',
    );
    expect(evaluatePrefix(undefined, ctx({ errorOutputType: 'http-endpoint-failed' }), 'error')).toBe('http-endpoint-failed/2018/08/27/10/');
    expect(evaluatePrefix('errors/', ctx({ errorOutputType: 'splunk-failed' }), 'error')).toBe('errors/splunk-failed/2018/08/27/10/');
  });

  it('needs an error type', () => {
    expect(() => evaluatePrefix('e/!{firehose:error-output-type}', ctx(), 'error')).toThrow();
  });
});

describe('object names', () => {
  it('is <stream>-<version>-<yyyy>-<MM>-<dd>-<HH>-<mm>-<ss>-<uuid><extension>', () => {
    const name = objectName('my-stream', 1, AUG_27, createRandom(3).next, '.gz');
    expect(name).toMatch(/^my-stream-1-2018-08-27-10-30-12-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.gz$/);
    expect(objectName('s', '7', AUG_27, createRandom(3).next, '')).toBe(`s-7-2018-08-27-10-30-12-${uuidLike(createRandom(3).next)}`);
    expect(objectName('s', 1, Date.UTC(2018, 7, 27, 20, 0, 0), createRandom(3).next, '', 'Asia/Tokyo')).toMatch(/^s-1-2018-08-28-05-00-00-/);
  });

  it('random strings and UUIDs follow the seed', () => {
    expect(randomString(createRandom(5).next)).toBe(randomString(createRandom(5).next));
    expect(uuidLike(createRandom(5).next)).not.toBe(uuidLike(createRandom(6).next));
  });
});

describe('fileExtension', () => {
  it('names extensions as Firehose does, with FileExtension overriding', () => {
    expect(fileExtension('UNCOMPRESSED')).toBe('');
    expect(fileExtension(undefined)).toBe('');
    expect(fileExtension('GZIP')).toBe('.gz');
    expect(fileExtension('ZIP')).toBe('.zip');
    expect(fileExtension('Snappy')).toBe('.snappy');
    expect(fileExtension('HADOOP_SNAPPY')).toBe('.hsnappy');
    expect(fileExtension('UNCOMPRESSED', 'parquet')).toBe('.parquet');
    expect(fileExtension('UNCOMPRESSED', 'orc')).toBe('.orc');
    expect(fileExtension('GZIP', undefined, '.json.gz')).toBe('.json.gz');
    expect(fileExtension('UNCOMPRESSED', 'parquet', '.pq')).toBe('.pq');
    expect(fileExtension('GZIP', undefined, '')).toBe('.gz');
  });
});

describe('formatTimestamp and parsing helpers', () => {
  it('formats the supported pattern letters', () => {
    expect(formatTimestamp("yyyy-MM-dd'T'HH:mm:ss.SSS", AUG_27)).toBe('2018-08-27T10:30:12.345');
    expect(formatTimestamp('MMM MMMM EEE EEEE D a h', AUG_27)).toBe('Aug August Mon Monday 239 AM 10');
    expect(formatTimestamp("'o''clock' '' M/d", AUG_27)).toBe("o'clock ' 8/27");
    expect(formatTimestamp('y/yy/u', Date.UTC(2009, 0, 2))).toBe('2009/09/2009');
  });

  it('lists referenced partition keys and parses segments', () => {
    expect(requiredPartitionKeys('a=!{partitionKeyFromQuery:a}/b=!{partitionKeyFromLambda:b}/!{partitionKeyFromQuery:c}')).toEqual({
      query: ['a', 'c'],
      lambda: ['b'],
    });
    expect(requiredPartitionKeys(undefined)).toEqual({ query: [], lambda: [] });
    expect(parsePrefix('x/!{timestamp:yyyy}')).toEqual([
      { kind: 'literal', text: 'x/' },
      { kind: 'expression', namespace: 'timestamp', value: 'yyyy' },
    ]);
  });
});
