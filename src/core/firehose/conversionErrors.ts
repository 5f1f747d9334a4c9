/**
 * The error codes of record format conversion and the error a record that cannot be converted
 * raises (caught per record by `convertToParquet`, which reports its code and message).
 * Codes as floci-io/floci probed them against real AWS (see formatConversion.ts).
 */

/** The record is not JSON (or not JSON objects). */
export const PARSE_ERROR = 'DataFormatConversion.ParseError';
/** The record's values do not fit the table's columns. */
export const MALFORMED_DATA = 'DataFormatConversion.MalformedData';
// Unsure: the code AWS reports for a schema it cannot use (floci names it `.UnsupportedSchema`, its own).
export const INVALID_SCHEMA = 'DataFormatConversion.InvalidSchema';

/** A record that cannot be converted: its code and message go to the error output. */
export class RecordError extends Error {
  constructor(readonly code: string, message: string) { super(message); }
}

/** A MALFORMED_DATA failure, with AWS's message prefix. */
export const malformed = (detail: string): RecordError => new RecordError(MALFORMED_DATA, `Data does not match the schema. ${detail}`);

/** The JSON kind of a value, for error messages (`array`, `null`, `string`…). */
export const jsonKind = (v: unknown): string => (Array.isArray(v) ? 'array' : v === null ? 'null' : typeof v);
