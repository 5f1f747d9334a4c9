/**
 * Opening a delivered S3 object as a learner wants to read it: decompressed by its extension
 * (`.gz`, `.zip`, `.snappy`, `.hsnappy` — Firehose's names), as text, with one line per record
 * when the records were newline-delimited. Pure (tested).
 */
import { tryDecompress, type CompressionFormat } from '../../core/firehose/compression';

const BY_EXTENSION: Readonly<Record<string, CompressionFormat>> = { '.gz': 'GZIP', '.zip': 'ZIP', '.snappy': 'Snappy', '.hsnappy': 'HADOOP_SNAPPY' };

export interface OpenedObject {
  /** The compression the key's extension names, if any. */
  readonly compression?: CompressionFormat;
  /** The content, decompressed when the extension says so and that worked. */
  readonly bytes: Uint8Array;
  /** Set when the extension promised a format the bytes are not in. */
  readonly problem?: string;
  /** An Apache Parquet object (Firehose's format conversion): its rows, shown one JSON object per line. */
  readonly parquetRows?: number;
}

/** Whether the key names an Apache Parquet object (opened with `parquetObject`, not `openObject`). */
export const isParquetKey = (key: string): boolean => /\.parquet$/i.test(key);

/** A Parquet object's rows (read by hyparquet) as the lines the browser shows; `problem` when it could not be read. */
export function parquetObject(rows: readonly Record<string, unknown>[] | Error): OpenedObject {
  if (rows instanceof Error) return { bytes: new Uint8Array(), problem: `Not a readable Apache Parquet file: ${rows.message}` };
  return { bytes: new TextEncoder().encode(rows.map((r) => JSON.stringify(r)).join('\n')), parquetRows: rows.length };
}

export function openObject(key: string, body: Uint8Array): OpenedObject {
  const ext = /\.[a-z]+$/.exec(key)?.[0];
  const compression = ext ? BY_EXTENSION[ext] : undefined;
  if (!compression) return { bytes: body };
  const out = tryDecompress(compression, body);
  return out ? { compression, bytes: out } : { compression, bytes: body, problem: `The key ends in ${ext}, but the content is not ${compression}: shown as stored.` };
}

/** The object's records as lines (Firehose concatenates records; a newline delimiter makes lines). */
export function objectLines(bytes: Uint8Array, max = 500): { lines: string[]; more: number } {
  const text = new TextDecoder().decode(bytes);
  const all = text.split('\n');
  if (all.at(-1) === '') all.pop();
  return { lines: all.slice(0, max), more: Math.max(0, all.length - max) };
}
