/**
 * The S3 destination's `CompressionFormat`s applied to a whole object (spec §5.1): GZIP (one
 * member), ZIP (an archive with one entry), Snappy and HADOOP_SNAPPY. Deterministic: no
 * timestamps from the platform (gzip MTIME is 0; the ZIP entry time is the one passed in).
 *
 * Snappy: AWS's docs say Firehose's format-conversion Snappy "is compatible with Hadoop" and
 * offer HADOOP_SNAPPY as a separate, Hadoop-compatible option, so plain `Snappy` is not Hadoop
 * framing. Firehose's `.snappy` objects are written here in Google's Snappy *framing format*
 * (stream identifier `sNaPpY`, CRC-32C-checked chunks), which is what `.snappy` files and the
 * usual tools (python-snappy `-d`, snzip) expect.
 * Unsure: spec §5.1 says "raw Snappy"; a `.snappy` object from a real stream starting with
 * `ff 06 00 00 73 4e 61 50 70 59` would confirm framing. `decompress` accepts both.
 */
import { gunzipSync, gzipSync, unzipSync, zipSync } from 'fflate';
import { compress as snappyBlock, uncompress as unsnappyBlock } from 'snappyjs';

export type CompressionFormat = 'UNCOMPRESSED' | 'GZIP' | 'ZIP' | 'Snappy' | 'HADOOP_SNAPPY';

/** Uncompressed bytes per chunk: the framing format's maximum (64 KiB). */
const FRAME_CHUNK = 65536;
const STREAM_ID = Uint8Array.of(0xff, 0x06, 0x00, 0x00, 0x73, 0x4e, 0x61, 0x50, 0x70, 0x59);
/** Hadoop's default `io.compression.codec.snappy.buffersize` (256 KiB) per block. */
const HADOOP_BLOCK = 262144;
/** 1980-01-01 00:00 UTC, the earliest time a ZIP (MS-DOS) timestamp can hold. */
const DOS_EPOCH = Date.UTC(1980, 0, 1);

/**
 * Compresses one object's bytes. `entryName` names the single ZIP entry; `mtime` (epoch ms,
 * written in UTC) dates it, the DOS epoch by default.
 * Unsure: the entry name and time Firehose writes inside its `.zip` objects.
 */
export function compress(format: CompressionFormat, data: Uint8Array, entryName = 'data', mtime = DOS_EPOCH): Uint8Array {
  switch (format) {
    case 'UNCOMPRESSED':
      return data;
    case 'GZIP':
      return gzipSync(data, { mtime: 0 });
    case 'ZIP':
      return zipOne(data, entryName, mtime);
    case 'Snappy':
      return snappyFramed(data);
    case 'HADOOP_SNAPPY':
      return hadoopSnappy(data);
  }
}

/** The inverse of `compress`. Throws an `Error` naming the problem on malformed input. */
export function decompress(format: CompressionFormat, bytes: Uint8Array): Uint8Array {
  switch (format) {
    case 'UNCOMPRESSED':
      return bytes;
    case 'GZIP':
      if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) throw new Error('not gzip data');
      return gunzipSync(bytes);
    case 'ZIP': {
      const entries = Object.values(unzipSync(bytes));
      if (entries.length !== 1) throw new Error(`expected one ZIP entry, found ${entries.length}`);
      return entries[0]!;
    }
    case 'Snappy':
      return startsWith(bytes, STREAM_ID) ? unsnappyFramed(bytes) : unsnappyBlock(bytes);
    case 'HADOOP_SNAPPY':
      return unhadoopSnappy(bytes);
  }
}

/** `decompress` for client-supplied data (the Decompression processor): `undefined` instead of throwing. */
export function tryDecompress(format: CompressionFormat, bytes: Uint8Array): Uint8Array | undefined {
  try {
    return decompress(format, bytes);
  } catch {
    return undefined;
  }
}

function zipOne(data: Uint8Array, entryName: string, mtime: number): Uint8Array {
  // fflate stamps the entry from *local* Date fields; the time is rewritten below from UTC
  // fields so that the bytes do not depend on the host's time zone.
  const zip = zipSync({ [entryName]: [data, { mtime: new Date(2000, 0, 1) }] });
  const d = new Date(Math.max(mtime, DOS_EPOCH));
  const dos = ((d.getUTCFullYear() - 1980) << 25) | ((d.getUTCMonth() + 1) << 21) | (d.getUTCDate() << 16) |
    (d.getUTCHours() << 11) | (d.getUTCMinutes() << 5) | (d.getUTCSeconds() >> 1);
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const centralDir = view.getUint32(zip.length - 22 + 16, true); // EOCD (no comment) → central directory offset
  view.setUint32(10, dos >>> 0, true); // local file header: time, date
  view.setUint32(centralDir + 12, dos >>> 0, true); // central directory header: time, date
  return zip;
}

// ---- Snappy framing format (github.com/google/snappy/blob/main/framing_format.txt) -------------

function snappyFramed(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [STREAM_ID];
  for (let off = 0; off < data.length; off += FRAME_CHUNK) {
    const chunk = data.subarray(off, off + FRAME_CHUNK);
    const packed = snappyBlock(chunk);
    // As the reference encoders do: keep the chunk uncompressed unless it shrinks by ≥ 1/8.
    const useRaw = packed.length >= chunk.length - (chunk.length >> 3);
    const body = useRaw ? chunk : packed;
    const header = new Uint8Array(8);
    const len = body.length + 4;
    header.set([useRaw ? 0x01 : 0x00, len & 0xff, (len >> 8) & 0xff, (len >> 16) & 0xff]);
    new DataView(header.buffer).setUint32(4, maskedCrc32c(chunk), true);
    parts.push(header, body);
  }
  return concat(parts);
}

function unsnappyFramed(bytes: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let off = 0; off < bytes.length; ) {
    if (off + 4 > bytes.length) throw new Error('truncated Snappy frame header');
    const type = bytes[off]!;
    const len = bytes[off + 1]! | (bytes[off + 2]! << 8) | (bytes[off + 3]! << 16);
    const body = bytes.subarray(off + 4, off + 4 + len);
    if (body.length !== len) throw new Error('truncated Snappy frame');
    off += 4 + len;
    if (type === 0x00 || type === 0x01) {
      if (len < 4) throw new Error('Snappy frame too short');
      const data = type === 0x00 ? unsnappyBlock(body.subarray(4)) : body.subarray(4);
      const crc = new DataView(body.buffer, body.byteOffset, 4).getUint32(0, true);
      if (crc !== maskedCrc32c(data)) throw new Error('Snappy frame checksum mismatch');
      parts.push(data);
    } else if (type >= 0x02 && type <= 0x7f) {
      throw new Error(`reserved unskippable Snappy chunk type 0x${type.toString(16)}`);
    } // 0xff stream identifier (may repeat), 0x80–0xfe padding / skippable: nothing to emit
  }
  return concat(parts);
}

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0x82f63b78 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli), as the Snappy framing format checksums uncompressed data. */
export function crc32c(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC32C_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

const maskedCrc32c = (data: Uint8Array): number => {
  const c = crc32c(data);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
};

// ---- Hadoop block framing (BlockCompressorStream): per block a 4-byte big-endian uncompressed
// length, then sub-blocks of a 4-byte big-endian compressed length and raw Snappy data. ----------

function hadoopSnappy(data: Uint8Array): Uint8Array {
  const parts: Uint8Array[] = [];
  for (let off = 0; off < data.length; off += HADOOP_BLOCK) {
    const block = data.subarray(off, off + HADOOP_BLOCK);
    const packed = snappyBlock(block);
    const header = new Uint8Array(8);
    const view = new DataView(header.buffer);
    view.setUint32(0, block.length);
    view.setUint32(4, packed.length);
    parts.push(header, packed);
  }
  return concat(parts);
}

function unhadoopSnappy(bytes: Uint8Array): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const parts: Uint8Array[] = [];
  for (let off = 0; off < bytes.length; ) {
    if (off + 4 > bytes.length) throw new Error('truncated Hadoop-Snappy block header');
    const want = view.getUint32(off);
    off += 4;
    for (let got = 0; got < want; ) {
      if (off + 4 > bytes.length) throw new Error('truncated Hadoop-Snappy sub-block header');
      const len = view.getUint32(off);
      const sub = bytes.subarray(off + 4, off + 4 + len);
      if (sub.length !== len) throw new Error('truncated Hadoop-Snappy sub-block');
      const data = unsnappyBlock(sub);
      parts.push(data);
      got += data.length;
      off += 4 + len;
      if (got > want) throw new Error('Hadoop-Snappy block longer than its header says');
    }
  }
  return concat(parts);
}

function startsWith(bytes: Uint8Array, head: Uint8Array): boolean {
  if (bytes.length < head.length) return false;
  for (let i = 0; i < head.length; i++) if (bytes[i] !== head[i]) return false;
  return true;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}
