/**
 * The analytics editor's templates: the classic Kinesis Data Analytics examples, written for the
 * console's demo stock ticker records (`{"ticker_symbol":"AMZN","sector":"TECHNOLOGY","change":
 * -0.05,"price":84.51}`), which the Analytics tab's demo producer sends. Each one reads
 * `SOURCE_SQL_STREAM_001` and writes `DESTINATION_SQL_STREAM` (the console's names).
 */
export interface SqlTemplate {
  readonly id: string;
  readonly label: string;
  readonly sql: string;
  /** A reference table the template joins (the panel offers to upload its object). */
  readonly reference?: { readonly tableName: string; readonly key: string; readonly csv: string; readonly columns: readonly { readonly name: string; readonly type: string }[] };
}

export const SQL_TEMPLATES: readonly SqlTemplate[] = [
  {
    id: 'tumbling-count',
    label: 'Quotes per ticker per minute (tumbling window)',
    sql: `-- A tumbling window: one row per ticker each minute, emitted when the minute is over.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (
  ticker_symbol VARCHAR(4),
  quotes        INTEGER,
  avg_price     DOUBLE
);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM "ticker_symbol", COUNT(*), AVG("price")
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY "ticker_symbol", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '60' SECOND);`,
  },
  {
    id: 'tumbling-10s',
    label: 'Quotes per ticker every 10 seconds',
    sql: `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), quotes INTEGER, max_price DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM "ticker_symbol", COUNT(*), MAX("price")
    FROM "SOURCE_SQL_STREAM_001"
    GROUP BY "ticker_symbol", STEP("SOURCE_SQL_STREAM_001".ROWTIME BY INTERVAL '10' SECOND);`,
  },
  {
    id: 'sliding-avg',
    label: 'Moving average over the last minute (sliding window)',
    sql: `-- A sliding window: one row for every quote, averaging its ticker's last minute.
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), price DOUBLE, avg_price DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM "ticker_symbol", "price", AVG("price") OVER W1
    FROM "SOURCE_SQL_STREAM_001"
    WINDOW W1 AS (PARTITION BY "ticker_symbol" RANGE INTERVAL '1' MINUTE PRECEDING);`,
  },
  {
    id: 'filter',
    label: 'Big moves only (continuous filter)',
    sql: `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), sector VARCHAR(16), change DOUBLE, price DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM "ticker_symbol", "sector", "change", "price"
    FROM "SOURCE_SQL_STREAM_001"
    WHERE ABS("change") > 1;`,
  },
  {
    id: 'anomaly',
    label: 'Anomaly scores (RANDOM_CUT_FOREST)',
    sql: `-- An anomaly score per quote, from a random cut forest over the numeric columns.
CREATE OR REPLACE STREAM "TEMP_STREAM" (ticker_symbol VARCHAR(4), price DOUBLE, ANOMALY_SCORE DOUBLE);
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), price DOUBLE, ANOMALY_SCORE DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "TEMP_STREAM"
    SELECT STREAM "ticker_symbol", "price", ANOMALY_SCORE
    FROM TABLE(RANDOM_CUT_FOREST(
      CURSOR(SELECT STREAM "ticker_symbol", "price" FROM "SOURCE_SQL_STREAM_001")));
CREATE OR REPLACE PUMP "OUTPUT_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM * FROM "TEMP_STREAM" WHERE ANOMALY_SCORE > 2;`,
  },
  {
    id: 'top-k',
    label: 'Most quoted tickers each minute (TOP_K_ITEMS_TUMBLING)',
    sql: `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), most_frequent_values BIGINT);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM *
    FROM TABLE(TOP_K_ITEMS_TUMBLING(
      CURSOR(SELECT STREAM * FROM "SOURCE_SQL_STREAM_001"), 'ticker_symbol', 3, 60));`,
  },
  {
    id: 'hotspots',
    label: 'Hotspots of price and change (HOTSPOTS)',
    sql: `CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (price DOUBLE, change DOUBLE, HOTSPOTS_RESULT VARCHAR(10000));
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM "price", "change", HOTSPOTS_RESULT
    FROM TABLE(HOTSPOTS(
      CURSOR(SELECT STREAM "price", "change" FROM "SOURCE_SQL_STREAM_001"), 1000, 5.0, 20));`,
  },
  {
    id: 'reference-join',
    label: 'Company names from reference data in S3 (join)',
    sql: `-- Joins each quote with the CompanyName reference table (loaded from S3 when the app starts).
CREATE OR REPLACE STREAM "DESTINATION_SQL_STREAM" (ticker_symbol VARCHAR(4), company VARCHAR(32), price DOUBLE);
CREATE OR REPLACE PUMP "STREAM_PUMP" AS
  INSERT INTO "DESTINATION_SQL_STREAM"
    SELECT STREAM s."ticker_symbol", c."company", s."price"
    FROM "SOURCE_SQL_STREAM_001" AS s
    LEFT OUTER JOIN "CompanyName" AS c ON s."ticker_symbol" = c."ticker";`,
    reference: {
      tableName: 'CompanyName',
      key: 'reference/companies.csv',
      csv: 'AMZN,Amazon\nMSFT,Microsoft\nAAPL,Apple\nNVDA,NVIDIA\nQXZ,Quixotic Zebra\n',
      columns: [{ name: 'ticker', type: 'VARCHAR(4)' }, { name: 'company', type: 'VARCHAR(32)' }],
    },
  },
];

/** The tickers the demo producer sends, with their sectors and starting prices. */
export const DEMO_TICKERS = [
  { ticker: 'AMZN', sector: 'TECHNOLOGY', price: 182 },
  { ticker: 'MSFT', sector: 'TECHNOLOGY', price: 415 },
  { ticker: 'AAPL', sector: 'TECHNOLOGY', price: 228 },
  { ticker: 'NVDA', sector: 'TECHNOLOGY', price: 131 },
  { ticker: 'QXZ', sector: 'HEALTHCARE', price: 84 },
] as const;

/** One demo record (a random walk per ticker), as the KDA console's demo stream sends them. */
export function demoRecord(i: number, random: () => number, prices: Map<string, number>): string {
  const t = DEMO_TICKERS[Math.floor(random() * DEMO_TICKERS.length)]!;
  const before = prices.get(t.ticker) ?? t.price;
  // Now and then a big jump, for the filter and anomaly templates to find.
  const change = Math.round(((random() - 0.5) * (random() < 0.03 ? 40 : 2)) * 100) / 100;
  const price = Math.max(1, Math.round((before + change) * 100) / 100);
  prices.set(t.ticker, price);
  void i;
  return JSON.stringify({ ticker_symbol: t.ticker, sector: t.sector, change, price });
}
