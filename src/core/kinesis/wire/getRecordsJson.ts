/**
 * GetRecords' answer written straight into bytes. It is the biggest answer Kinesis gives (up to
 * 10,000 records, 10 MiB of data) and its bulk — every record's Data — is already base64 text
 * (records keep their wire form), so instead of JSON.stringify building one huge string and
 * then encoding it, each piece is encoded once into a buffer sized up front. The output is
 * byte-for-byte what `JSON.stringify` gives for the same value (the tests check that).
 */
import type { WireRecord } from '../types.js';

const encoder = new TextEncoder();
const bytesOf = (s: string): Uint8Array => encoder.encode(s);

const OPEN = bytesOf('{"Records":[');
const SEQ = bytesOf('{"SequenceNumber":"');
const TS = bytesOf('","ApproximateArrivalTimestamp":');
const DATA = bytesOf(',"Data":"');
const PK = bytesOf('","PartitionKey":');
const CLOSE_RECORD = bytesOf('}');
const COMMA = 44;

/** The GetRecords output shape this writer takes: Records first, any other members after. */
export interface GetRecordsOutput {
  readonly Records: readonly WireRecord[];
  readonly [member: string]: unknown;
}

/**
 * Encodes a GetRecords output as UTF-8 JSON. Members other than `Records` (NextShardIterator,
 * MillisBehindLatest, ChildShards…) are written by JSON.stringify after the records.
 */
export function encodeGetRecords(output: GetRecordsOutput): Uint8Array {
  const { Records: records, ...rest } = output;
  const restJson = JSON.stringify(rest); // "{…}" — its members follow the records
  const keys: string[] = new Array(records.length);
  const stamps: string[] = new Array(records.length);
  // An upper bound of the size: ASCII parts exactly, the partition key's JSON at 3 bytes per
  // UTF-16 unit (the most UTF-8 needs for one).
  let size = OPEN.length + 1 + restJson.length * 3;
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    keys[i] = JSON.stringify(r.PartitionKey);
    stamps[i] = JSON.stringify(r.ApproximateArrivalTimestamp);
    size += SEQ.length + TS.length + DATA.length + PK.length + CLOSE_RECORD.length + 1 +
      r.SequenceNumber.length + stamps[i]!.length + r.Data.length + keys[i]!.length * 3;
  }
  const out = new Uint8Array(size);
  let o = 0;
  const put = (b: Uint8Array): void => {
    out.set(b, o);
    o += b.length;
  };
  const text = (s: string): void => {
    o += encoder.encodeInto(s, out.subarray(o)).written;
  };
  // Short ASCII-only strings (sequence numbers, timestamps): a loop beats a native call.
  const ascii = (s: string): void => {
    for (let k = 0; k < s.length; k++) out[o++] = s.charCodeAt(k);
  };
  put(OPEN);
  for (let i = 0; i < records.length; i++) {
    const r = records[i]!;
    if (i > 0) out[o++] = COMMA;
    put(SEQ);
    ascii(r.SequenceNumber);
    put(TS);
    ascii(stamps[i]!);
    put(DATA);
    text(r.Data);
    put(PK);
    text(keys[i]!);
    put(CLOSE_RECORD);
  }
  out[o++] = 93; // ]
  if (restJson.length > 2) {
    out[o++] = COMMA;
    text(restJson.slice(1));
  } else {
    out[o++] = 125; // }
  }
  return out.subarray(0, o);
}
