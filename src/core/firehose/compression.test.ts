import { gunzipSync as nodeGunzip, gzipSync as nodeGzip } from 'node:zlib';
import { unzipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { createRandom } from '../sim/random';
import { compress, crc32c, decompress, tryDecompress, type CompressionFormat } from './compression';

const FORMATS: CompressionFormat[] = ['UNCOMPRESSED', 'GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY'];
const enc = new TextEncoder();
const noise = (n: number, seed = 1) => {
  const r = createRandom(seed);
  return Uint8Array.from({ length: n }, () => r.int(256));
};
const lines = (n: number) => enc.encode(Array.from({ length: n }, (_, i) => `{"id":${i},"name":"record ${i % 17}"}\n`).join(''));
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
/** Byte equality without vitest's element-by-element diffing (slow on 100s of KB). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.length).equals(Buffer.from(b.buffer, b.byteOffset, b.length));
const masked = (c: number) => ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;

describe('round trips', () => {
  const inputs: [string, Uint8Array][] = [
    ['empty', new Uint8Array(0)],
    ['one byte', Uint8Array.of(7)],
    ['text, several Snappy chunks and Hadoop blocks', lines(20_000)],
    ['incompressible, 300 KiB', noise(300 * 1024)],
  ];
  for (const format of FORMATS) {
    for (const [name, data] of inputs) {
      it(`${format}: ${name}`, () => {
        const packed = compress(format, data, 'entry');
        expect(same(decompress(format, packed), data)).toBe(true);
      });
    }
  }

  it('shrinks compressible data', () => {
    const data = lines(5000);
    for (const format of ['GZIP', 'ZIP', 'Snappy', 'HADOOP_SNAPPY'] as const) expect(compress(format, data).length).toBeLessThan(data.length / 2);
  });
});

describe('GZIP', () => {
  it('writes one gzip member without a timestamp, readable by zlib', () => {
    const data = lines(100);
    const gz = compress('GZIP', data);
    expect([gz[0], gz[1], gz[2]]).toEqual([0x1f, 0x8b, 0x08]);
    expect([...gz.subarray(4, 8)]).toEqual([0, 0, 0, 0]); // MTIME: deterministic output
    expect(new Uint8Array(nodeGunzip(gz))).toEqual(data);
    expect(compress('GZIP', data)).toEqual(gz);
  });

  it('reads what zlib writes, and refuses what is not gzip', () => {
    const data = lines(100);
    expect(decompress('GZIP', new Uint8Array(nodeGzip(data)))).toEqual(data);
    expect(() => decompress('GZIP', data)).toThrow(/not gzip/);
    expect(tryDecompress('GZIP', data)).toBeUndefined();
    expect(tryDecompress('GZIP', compress('GZIP', data))).toEqual(data);
  });
});

describe('ZIP', () => {
  it('writes an archive with one named entry, dated in UTC whatever the host zone', () => {
    const data = lines(10);
    const at = Date.UTC(2018, 7, 27, 10, 30, 12);
    const saved = process.env.TZ;
    try {
      process.env.TZ = 'America/New_York';
      const a = compress('ZIP', data, 'my-stream-1-2018-08-27-10-30-12-abc', at);
      process.env.TZ = 'Asia/Tokyo';
      const b = compress('ZIP', data, 'my-stream-1-2018-08-27-10-30-12-abc', at);
      expect(a).toEqual(b);
      expect([...a.subarray(0, 4)]).toEqual([0x50, 0x4b, 0x03, 0x04]); // PK\x03\x04
      const view = new DataView(a.buffer, a.byteOffset);
      expect(view.getUint16(10, true)).toBe((10 << 11) | (30 << 5) | 6); // 10:30:12 (2-second units)
      expect(view.getUint16(12, true)).toBe(((2018 - 1980) << 9) | (8 << 5) | 27);
      const entries = unzipSync(a);
      expect(Object.keys(entries)).toEqual(['my-stream-1-2018-08-27-10-30-12-abc']);
      expect(entries['my-stream-1-2018-08-27-10-30-12-abc']).toEqual(data);
    } finally {
      if (saved === undefined) delete process.env.TZ;
      else process.env.TZ = saved;
    }
  });

  it('refuses an archive with other than one entry', () => {
    expect(() => decompress('ZIP', new Uint8Array(0))).toThrow();
  });
});

describe('Snappy (framing format)', () => {
  it('computes CRC-32C (check value of "123456789")', () => {
    expect(crc32c(enc.encode('123456789'))).toBe(0xe3069283);
    expect(crc32c(new Uint8Array(0))).toBe(0);
  });

  it('starts with the stream identifier and frames a short input uncompressed', () => {
    const out = compress('Snappy', enc.encode('a'));
    const crc = masked(crc32c(enc.encode('a'))).toString(16).padStart(8, '0').match(/../g)!.reverse().join('');
    expect(hex(out)).toBe(`ff060000734e61507059` + `01050000${crc}61`);
    expect(hex(compress('Snappy', new Uint8Array(0)))).toBe('ff060000734e61507059');
  });

  it('uses compressed chunks of at most 64 KiB for compressible data', () => {
    const data = lines(20_000); // ~780 KB
    const out = compress('Snappy', data);
    let off = 10;
    let chunks = 0;
    while (off < out.length) {
      expect(out[off]).toBe(0x00);
      off += 4 + (out[off + 1]! | (out[off + 2]! << 8) | (out[off + 3]! << 16));
      chunks++;
    }
    expect(chunks).toBe(Math.ceil(data.length / 65536));
  });

  it('checks the checksums, and also reads raw (unframed) Snappy', () => {
    const data = lines(50);
    const out = compress('Snappy', data);
    out[14] = out[14]! ^ 0xff; // corrupt the first chunk's CRC
    expect(() => decompress('Snappy', out)).toThrow(/checksum/);
    expect(tryDecompress('Snappy', out)).toBeUndefined();
    // Raw Snappy "hello": varint length 5, literal tag (5-1)<<2, the bytes.
    expect(decompress('Snappy', Uint8Array.of(0x05, 0x10, 0x68, 0x65, 0x6c, 0x6c, 0x6f))).toEqual(enc.encode('hello'));
  });
});

describe('HADOOP_SNAPPY (Hadoop block framing)', () => {
  it('writes a 4-byte BE uncompressed length, then a 4-byte BE compressed length and the chunk', () => {
    expect(hex(compress('HADOOP_SNAPPY', enc.encode('hello')))).toBe('00000005' + '00000007' + '0510' + hex(enc.encode('hello')));
  });

  it('splits input into 256 KiB blocks', () => {
    const data = noise(600 * 1024, 2);
    const out = compress('HADOOP_SNAPPY', data);
    const view = new DataView(out.buffer, out.byteOffset);
    expect(view.getUint32(0)).toBe(262144);
    const second = 8 + view.getUint32(4);
    expect(view.getUint32(second)).toBe(262144);
    const third = second + 8 + view.getUint32(second + 4);
    expect(view.getUint32(third)).toBe(600 * 1024 - 2 * 262144);
  });

  it('reads a block made of several sub-blocks, and refuses truncated input', () => {
    const a = enc.encode('hello ');
    const b = enc.encode('world');
    const block = Uint8Array.from([0, 0, 0, 11, 0, 0, 0, 8, 6, 0x14, ...a, 0, 0, 0, 7, 5, 0x10, ...b]);
    expect(new TextDecoder().decode(decompress('HADOOP_SNAPPY', block))).toBe('hello world');
    expect(() => decompress('HADOOP_SNAPPY', block.subarray(0, 12))).toThrow(/truncated/);
  });
});
