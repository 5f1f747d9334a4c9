/** Kinesis Data Analytics (SQL) input: schema discovery, validation and record-to-row mapping. */
export { discoverSchema, type DiscoverResult } from './discover.js';
export { compileMapping, splitLines, PARSE_ERROR, COERCION_ERROR, SCHEMA_ERROR, type MappingResult } from './mapping.js';
export { parseSqlType, formatSqlType, SQL_BASE_TYPES, type SqlType, type SqlBaseType } from './sqlType.js';
export { validateSchema, MAX_RECORD_COLUMNS } from './validate.js';
export { suggestColumnName, uniqueNames, isReservedWord } from './names.js';
export { coerce, type SqlValue } from './coerce.js';
export type { RecordColumn, RecordFormat, SourceSchema } from './types.js';
