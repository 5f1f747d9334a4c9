/**
 * S3 object keys of the Firehose S3 destination (spec §5.1, §5.2): prefix validation, prefix
 * evaluation (`!{namespace:value}` expressions) and the fixed object-name suffix.
 *
 * Sources for AWS's message texts: "Ths supplied prefix(es) do not satisfy the following
 * constraint: ErrorOutputPrefix cannot be null or empty when Prefix contains expressions" (typo
 * included) is quoted from real CreateDeliveryStream failures (terraform-provider-aws #13416,
 * serverless #6015); "Dynamic Partitioning Namespaces can only be part of a prefix expression when
 * Dynamic Partitioning is enabled." from terraform-provider-aws #29092. The other sentences come
 * from a public CloudFormation pre-flight rule set that quotes the service's errors.
 */
import type { AwsError } from '../kinesis/errors';
import type { CompressionFormat } from './compression';
import { formatTimestamp } from './javaDateFormat';

export { formatTimestamp };

export const MAX_EVALUATED_PREFIX = 512;
/** The prefix Firehose uses when none is configured, and appends to a prefix without expressions. */
export const DEFAULT_TIME_PATTERN = 'yyyy/MM/dd/HH/';

export type PrefixSegment =
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'expression'; readonly namespace: string; readonly value: string };

const NAMESPACES = ['timestamp', 'firehose', 'partitionKeyFromQuery', 'partitionKeyFromLambda'];
/** Letters Java's DateTimeFormatter rejects (or only accepts in forms Firehose does not take). */
const BAD_PATTERN_LETTERS = /[CIJPRTUVbfijloprt]/;
// Unsure: only the ErrorOutputPrefix rule is captured with this preamble; the sibling constraint
// rules are assumed to share it (one validator). A capture of each would settle it.
const CONSTRAINT = 'Ths supplied prefix(es) do not satisfy the following constraint: ';

/** Splits a prefix into literal text and `!{namespace:value}` expressions; `undefined` on a stray `!{`. */
export function parsePrefix(template: string): PrefixSegment[] | undefined {
  const out: PrefixSegment[] = [];
  let i = 0;
  while (i < template.length) {
    const open = template.indexOf('!{', i);
    if (open < 0) {
      out.push({ kind: 'literal', text: template.slice(i) });
      break;
    }
    if (open > i) out.push({ kind: 'literal', text: template.slice(i, open) });
    const close = template.indexOf('}', open + 2);
    const colon = template.indexOf(':', open + 2);
    if (close < 0 || colon < 0 || colon > close) return undefined;
    out.push({ kind: 'expression', namespace: template.slice(open + 2, colon), value: template.slice(colon + 1, close) });
    i = close + 1;
  }
  return out;
}

const invalid = (message: string): AwsError => ({ __type: 'InvalidArgumentException', message, status: 400 });
const expressions = (segs: readonly PrefixSegment[]) =>
  segs.filter((s): s is Extract<PrefixSegment, { kind: 'expression' }> => s.kind === 'expression');

/** The syntax and namespace rules for one prefix field. */
function checkSyntax(template: string, field: 'Prefix' | 'ErrorOutputPrefix'): AwsError | PrefixSegment[] {
  const segs = parsePrefix(template);
  if (!segs) return invalid('Invalid expression usage');
  for (const e of expressions(segs)) {
    if (!NAMESPACES.includes(e.namespace)) return invalid(`Namespace to the left of colon (${e.namespace}) is an invalid keyword!`);
    const unquoted = e.value.replace(/'[^']*'/g, '');
    const badValue =
      (e.namespace === 'firehose' && e.value !== 'random-string' && e.value !== 'error-output-type') ||
      (e.namespace === 'timestamp' && (e.value === '' || BAD_PATTERN_LETTERS.test(unquoted))) ||
      (e.namespace.startsWith('partitionKeyFrom') && e.value === '');
    // Unsure: AWS's text for an empty partition key name is not captured; this reuses the value error.
    if (badValue) return invalid(`Invalid conversion character used in the value of the expression in ${field}`);
  }
  return segs;
}

/**
 * AWS's CreateDeliveryStream / UpdateDestination rules for `Prefix` and `ErrorOutputPrefix`
 * (spec §5.2): the first rule broken, as InvalidArgumentException, or `undefined`.
 * Empty strings count as absent, as AWS treats them.
 */
export function validatePrefixes(
  prefix: string | undefined,
  errorOutputPrefix: string | undefined,
  opts: { dynamicPartitioning: boolean; redshift?: boolean },
): AwsError | undefined {
  const p = checkSyntax(prefix ?? '', 'Prefix');
  if (!Array.isArray(p)) return p;
  const e = checkSyntax(errorOutputPrefix ?? '', 'ErrorOutputPrefix');
  if (!Array.isArray(e)) return e;
  const pExpr = expressions(p);
  const eExpr = expressions(e);
  const isErrorType = (x: { namespace: string; value: string }) => x.namespace === 'firehose' && x.value === 'error-output-type';
  const isPartition = (x: { namespace: string }) => x.namespace.startsWith('partitionKeyFrom');

  // Unsure: AWS's wording for the Redshift rule (s3-prefixes.html "Semantic rules") is not captured.
  if (opts.redshift && (pExpr.length > 0 || errorOutputPrefix)) {
    return invalid(`${CONSTRAINT}Prefix must not contain expressions and ErrorOutputPrefix must be null when the destination is Amazon Redshift`);
  }
  if (pExpr.some(isErrorType)) return invalid(`${CONSTRAINT}Prefix must not contain any occurrence of !{firehose:error-output-type}`);
  if (eExpr.length > 0 && !eExpr.some(isErrorType)) {
    return invalid(`${CONSTRAINT}ErrorOutputPrefix must contain at least one occurrence of !{firehose:error-output-type}`);
  }
  if (pExpr.length > 0 && !errorOutputPrefix) {
    return invalid(`${CONSTRAINT}ErrorOutputPrefix cannot be null or empty when Prefix contains expressions`);
  }
  if (eExpr.some(isPartition)) return invalid("Dynamic Partitioning Namespaces can't be part of an error prefix expression");
  if (!opts.dynamicPartitioning && pExpr.some(isPartition)) {
    return invalid('Dynamic Partitioning Namespaces can only be part of a prefix expression when Dynamic Partitioning is enabled.');
  }
  if (opts.dynamicPartitioning && !pExpr.some(isPartition)) {
    return invalid('S3 Prefix should contain Dynamic Partitioning namespaces when Dynamic Partitioning is enabled');
  }
  // AWS cannot know the evaluated length up front; like AWS's check we use a lower bound: literals
  // plus each expression at its shortest (a timestamp as formatted, a random string's 11
  // characters, one character for a partition key or an error type).
  // Unsure: AWS's own estimate; a prefix of 505 literal characters + !{timestamp:yyyy} would settle it.
  const minLength = (segs: readonly PrefixSegment[]) =>
    segs.reduce((n, s) => n + (s.kind === 'literal' ? s.text.length : s.namespace === 'timestamp'
      ? formatTimestamp(s.value, 0, 'UTC').length : s.value === 'random-string' ? 11 : 1), 0);
  if (minLength(p) > MAX_EVALUATED_PREFIX) return invalid(`${CONSTRAINT}Length of evaluated prefix cannot be greater than ${MAX_EVALUATED_PREFIX}`);
  if (minLength(e) > MAX_EVALUATED_PREFIX) {
    return invalid(`${CONSTRAINT}Length of evaluated ErrorOutputPrefix cannot be greater than ${MAX_EVALUATED_PREFIX}`);
  }
  return undefined;
}

/** The partition keys a prefix references, by namespace (to check a record has them all). */
export function requiredPartitionKeys(template: string | undefined): { query: string[]; lambda: string[] } {
  const exprs = expressions(parsePrefix(template ?? '') ?? []);
  return {
    query: exprs.filter((x) => x.namespace === 'partitionKeyFromQuery').map((x) => x.value),
    lambda: exprs.filter((x) => x.namespace === 'partitionKeyFromLambda').map((x) => x.value),
  };
}

export interface PrefixContext {
  /** Epoch ms: approximate arrival time of the oldest record in the object. */
  readonly arrival: number;
  /** Uniform [0, 1) (the simulation's seeded random). */
  readonly random: () => number;
  /** Needed for `kind: 'error'`: `processing-failed`, `http-endpoint-failed`… */
  readonly errorOutputType?: string;
  /** Keys for `partitionKeyFromQuery` (and `partitionKeyFromLambda` unless `lambdaPartitionKeys` is given). */
  readonly partitionKeys?: Readonly<Record<string, string>>;
  readonly lambdaPartitionKeys?: Readonly<Record<string, string>>;
  /** `CustomTimeZone` (IANA name); UTC when absent. */
  readonly timeZone?: string;
  /** For `kind: 'error'` without an ErrorOutputPrefix: the data `Prefix` the error prefix derives from. */
  readonly dataPrefix?: string;
}

/**
 * The evaluated prefix for one object. `template` is `Prefix` (`kind: 'data'`) or
 * `ErrorOutputPrefix` (`kind: 'error'`). Throws (a bug) if a referenced partition key is missing —
 * check with `requiredPartitionKeys` first — or if `kind: 'error'` comes without an error type.
 */
export function evaluatePrefix(template: string | undefined, ctx: PrefixContext, kind: 'data' | 'error'): string {
  const tz = ctx.timeZone ?? 'UTC';
  const stamp = formatTimestamp(DEFAULT_TIME_PATTERN, ctx.arrival, tz);
  if (kind === 'error') {
    const type = ctx.errorOutputType;
    if (!type) throw new Error('evaluatePrefix: an error prefix needs errorOutputType');
    // No ErrorOutputPrefix (allowed only when Prefix has no expressions): <Prefix><type>/yyyy/MM/dd/HH/.
    // Unsure: a literal ErrorOutputPrefix (no expressions) is treated the same way, with itself
    // as the base; AWS's docs only show the null case.
    if (!template || !hasExpressions(template)) return `${template || ctx.dataPrefix || ''}${type}/${stamp}`;
  }
  // No Prefix ⇒ the default; a Prefix without expressions gets the default appended verbatim
  // (no slash inserted: `logs` ⇒ `logs2018/08/27/10/`).
  if (!template) return stamp;
  if (!hasExpressions(template)) return template + stamp;
  const segs = parsePrefix(template);
  if (!segs) throw new Error(`evaluatePrefix: invalid prefix ${template}`);
  return segs.map((s) => (s.kind === 'literal' ? s.text : evaluateExpression(s, ctx, tz))).join('');
}

function evaluateExpression(e: { namespace: string; value: string }, ctx: PrefixContext, tz: string): string {
  switch (e.namespace) {
    case 'timestamp':
      // Every occurrence uses the same instant: the oldest record's arrival.
      return formatTimestamp(e.value, ctx.arrival, tz);
    case 'firehose':
      if (e.value === 'random-string') return randomString(ctx.random);
      if (!ctx.errorOutputType) throw new Error('evaluatePrefix: error-output-type needs errorOutputType');
      return ctx.errorOutputType;
    default: {
      const keys = e.namespace === 'partitionKeyFromLambda' ? ctx.lambdaPartitionKeys ?? ctx.partitionKeys : ctx.partitionKeys;
      const v = keys?.[e.value];
      if (v === undefined) throw new Error(`evaluatePrefix: missing partition key ${e.value}`);
      return v;
    }
  }
}

const hasExpressions = (template: string): boolean => template.includes('!{');
const hex = (random: () => number, n: number): string => {
  let s = '';
  for (let i = 0; i < n; i++) s += Math.floor(random() * 16).toString(16);
  return s;
};

/**
 * `!{firehose:random-string}`: 11 characters, new per occurrence. AWS's docs show `046b6c7f-0b`
 * (the head of a UUID) in one table and `5abf82daaa5` in another.
 * Unsure: which form AWS produces today; an object key from a real stream would settle it.
 */
export const randomString = (random: () => number): string => `${hex(random, 8)}-${hex(random, 2)}`;

/** A version-4 UUID string from the injected random. */
export function uuidLike(random: () => number): string {
  const variant = (8 + Math.floor(random() * 4)).toString(16);
  return `${hex(random, 8)}-${hex(random, 4)}-4${hex(random, 3)}-${variant}${hex(random, 3)}-${hex(random, 12)}`;
}

/**
 * The fixed object-name suffix: `<stream>-<version>-<yyyy>-<MM>-<dd>-<HH>-<mm>-<ss>-<uuid><ext>`
 * (basic-deliver.html, s3-object-name.html), in UTC or the stream's CustomTimeZone.
 */
export function objectName(
  streamName: string, version: number | string, arrival: number, random: () => number, extension: string, timeZone = 'UTC',
): string {
  return `${streamName}-${version}-${formatTimestamp('yyyy-MM-dd-HH-mm-ss', arrival, timeZone)}-${uuidLike(random)}${extension}`;
}

const EXTENSIONS: Record<CompressionFormat, string> = { UNCOMPRESSED: '', GZIP: '.gz', ZIP: '.zip', Snappy: '.snappy', HADOOP_SNAPPY: '.hsnappy' };

/**
 * The extension Firehose appends (s3-object-name.html table): `.parquet` / `.orc` with format
 * conversion (whose CompressionFormat must be UNCOMPRESSED), else by compression; a configured
 * `FileExtension` overrides both.
 * Unsure: whether `FileExtension: ""` (allowed by its pattern) means "no extension" or "default";
 * here it means default.
 */
export function fileExtension(compression: CompressionFormat | undefined, formatConversion?: 'parquet' | 'orc', override?: string): string {
  if (override) return override;
  if (formatConversion) return `.${formatConversion}`;
  return EXTENSIONS[compression ?? 'UNCOMPRESSED'];
}
