/**
 * Column names suggested by schema discovery. AWS (dev/sch-dis.html, "Column Naming During Schema
 * Discovery") keeps the source name unless it is a reserved SQL keyword, contains characters other
 * than letters, digits and `_`, begins with a digit, or is longer than 100 characters; a renamed
 * column begins with `COL_`, and when nothing of the name can be kept it is `COL_#` with # the
 * column's place in the column order. Examples from that page: USER→COL_USER,
 * USER@DOMAIN→COL_USERDOMAIN, @@→COL_0; dev/sch-dis-ref.html shows year→COL_year, month→COL_month
 * (the check is case-insensitive and the case is kept).
 */

// SQL:2003 reserved words (SQLstream, the engine behind KDA SQL, reserves the standard's list).
// Unsure: AWS's exact list is not published; this is the standard's, which contains every example
// AWS gives (TIMESTAMP, USER, VALUES, YEAR, MONTH). Settle against the SQL reference's reserved words.
const RESERVED = new Set(`ABS ALL ALLOCATE ALTER AND ANY ARE ARRAY AS ASENSITIVE ASYMMETRIC AT ATOMIC
AUTHORIZATION AVG BEGIN BETWEEN BIGINT BINARY BLOB BOOLEAN BOTH BY CALL CALLED CARDINALITY CASCADED
CASE CAST CEIL CEILING CHAR CHARACTER CHARACTER_LENGTH CHAR_LENGTH CHECK CLOB CLOSE COALESCE COLLATE
COLLECT COLUMN COMMIT CONDITION CONNECT CONSTRAINT CONVERT CORR CORRESPONDING COUNT COVAR_POP
COVAR_SAMP CREATE CROSS CUBE CUME_DIST CURRENT CURRENT_DATE CURRENT_DEFAULT_TRANSFORM_GROUP
CURRENT_PATH CURRENT_ROLE CURRENT_TIME CURRENT_TIMESTAMP CURRENT_TRANSFORM_GROUP_FOR_TYPE CURRENT_USER
CURSOR CYCLE DATE DAY DEALLOCATE DEC DECIMAL DECLARE DEFAULT DELETE DENSE_RANK DEREF DESCRIBE
DETERMINISTIC DISALLOW DISCONNECT DISTINCT DOUBLE DROP DYNAMIC EACH ELEMENT ELSE END END-EXEC ESCAPE
EVERY EXCEPT EXEC EXECUTE EXISTS EXP EXTERNAL EXTRACT FALSE FETCH FILTER FLOAT FLOOR FOR FOREIGN FREE
FROM FULL FUNCTION FUSION GET GLOBAL GRANT GROUP GROUPING HAVING HOLD HOUR IDENTITY IN INDICATOR INNER
INOUT INSENSITIVE INSERT INT INTEGER INTERSECT INTERSECTION INTERVAL INTO IS JOIN LANGUAGE LARGE
LATERAL LEADING LEFT LIKE LN LOCAL LOCALTIME LOCALTIMESTAMP LOWER MATCH MAX MEMBER MERGE METHOD MIN
MINUTE MOD MODIFIES MODULE MONTH MULTISET NATIONAL NATURAL NCHAR NCLOB NEW NO NONE NORMALIZE NOT NULL
NULLIF NUMERIC OCTET_LENGTH OF OLD ON ONLY OPEN OR ORDER OUT OUTER OVER OVERLAPS OVERLAY PARAMETER
PARTITION PERCENTILE_CONT PERCENTILE_DISC PERCENT_RANK POSITION POWER PRECISION PREPARE PRIMARY
PROCEDURE RANGE RANK READS REAL RECURSIVE REF REFERENCES REFERENCING REGR_AVGX REGR_AVGY REGR_COUNT
REGR_INTERCEPT REGR_R2 REGR_SLOPE REGR_SXX REGR_SXY REGR_SYY RELEASE RESULT RETURN RETURNS REVOKE
RIGHT ROLLBACK ROLLUP ROW ROWS ROW_NUMBER SAVEPOINT SCOPE SCROLL SEARCH SECOND SELECT SENSITIVE
SESSION_USER SET SIMILAR SMALLINT SOME SPECIFIC SPECIFICTYPE SQL SQLEXCEPTION SQLSTATE SQLWARNING SQRT
START STATIC STDDEV_POP STDDEV_SAMP STREAM SUBMULTISET SUBSTRING SUM SYMMETRIC SYSTEM SYSTEM_USER TABLE
TABLESAMPLE THEN TIME TIMESTAMP TIMEZONE_HOUR TIMEZONE_MINUTE TINYINT TO TRAILING TRANSLATE TRANSLATION
TREAT TRIGGER TRIM TRUE UESCAPE UNION UNIQUE UNKNOWN UNNEST UPDATE UPPER USER USING VALUE VALUES
VARBINARY VARCHAR VAR_POP VAR_SAMP VARYING WHEN WHENEVER WHERE WIDTH_BUCKET WINDOW WITH WITHIN WITHOUT
YEAR ROWTIME`.split(/\s+/));

/** True when `name` is a reserved SQL keyword (case-insensitive). */
export function isReservedWord(name: string): boolean {
  return RESERVED.has(name.toUpperCase());
}

export const MAX_KEPT_NAME_LENGTH = 100;

/** The discovery-suggested name for a source field called `source`, at 0-based place `index`. */
export function suggestColumnName(source: string, index: number): string {
  const cleaned = source.replace(/[^A-Za-z0-9_]/g, '');
  if (cleaned === '') return `COL_${index}`;
  const keep = cleaned === source && !isReservedWord(source) && !/^[0-9]/.test(source)
    && source.length <= MAX_KEPT_NAME_LENGTH;
  if (keep) return source;
  // Unsure: how AWS shortens a name longer than 100 characters; here the renamed name is cut to 100.
  return `COL_${cleaned}`.slice(0, MAX_KEPT_NAME_LENGTH);
}

/**
 * Make names unique in order: a repeated name gets `_2`, `_3`… (case-insensitive, since unquoted SQL
 * identifiers fold case). Unsure: AWS's rule for colliding suggestions is not documented.
 */
export function uniqueNames(names: readonly string[]): string[] {
  const seen = new Set<string>();
  return names.map((n) => {
    let candidate = n;
    for (let k = 2; seen.has(candidate.toUpperCase()); k++) candidate = `${n}_${k}`;
    seen.add(candidate.toUpperCase());
    return candidate;
  });
}
