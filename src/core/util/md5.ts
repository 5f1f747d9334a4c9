/**
 * MD5 (RFC 1321). Kinesis routes a record by the MD5 of its partition key read as a 128-bit
 * unsigned big-endian integer. Implemented here because the pure core has no crypto module,
 * and WebCrypto has no MD5.
 */
const S = [7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
  4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21];
const K = new Int32Array(64);
for (let i = 0; i < 64; i++) K[i] = Math.floor(Math.abs(Math.sin(i + 1)) * 4294967296) | 0;

const M = new Int32Array(16);

/** MD5 digest of `bytes` as 16 bytes. */
export function md5(bytes: Uint8Array): Uint8Array {
  const words = md5Words(bytes, bytes.length);
  const out = new Uint8Array(16);
  for (let w = 0; w < 4; w++) {
    const v = words[w]!;
    out[w * 4] = v & 255;
    out[w * 4 + 1] = (v >>> 8) & 255;
    out[w * 4 + 2] = (v >>> 16) & 255;
    out[w * 4 + 3] = (v >>> 24) & 255;
  }
  return out;
}

// Reused by every call (single-threaded): the hot path (routing every record) allocates nothing.
const STATE = new Int32Array(4);
const TAIL = new Uint8Array(128);

/**
 * MD5 of the first `length` bytes of `bytes`, as its four state words (A, B, C, D; each holds
 * four digest bytes little-endian). The returned array is reused by the next call.
 */
export function md5Words(bytes: Uint8Array, length: number): Int32Array {
  let a0 = 0x67452301, b0 = 0xefcdab89 | 0, c0 = 0x98badcfe | 0, d0 = 0x10325476;
  const full = length & ~63;
  // The padded tail: the last partial block, 0x80, zeros, the bit length (one or two blocks).
  const rest = length - full;
  const tailLen = rest + 9 <= 64 ? 64 : 128;
  TAIL.fill(0, 0, tailLen);
  for (let i = 0; i < rest; i++) TAIL[i] = bytes[full + i]!;
  TAIL[rest] = 0x80;
  const bits = length * 8;
  TAIL[tailLen - 8] = bits & 255;
  TAIL[tailLen - 7] = (bits >>> 8) & 255;
  TAIL[tailLen - 6] = (bits >>> 16) & 255;
  TAIL[tailLen - 5] = (bits >>> 24) & 255;
  const hi = Math.floor(bits / 4294967296);
  TAIL[tailLen - 4] = hi & 255;
  TAIL[tailLen - 3] = (hi >>> 8) & 255;
  for (let block = 0, blocks = (full >> 6) + (tailLen >> 6); block < blocks; block++) {
    const src = block < full >> 6 ? bytes : TAIL;
    const off = block < full >> 6 ? block << 6 : (block - (full >> 6)) << 6;
    for (let j = 0; j < 16; j++) {
      const p = off + j * 4;
      M[j] = src[p]! | (src[p + 1]! << 8) | (src[p + 2]! << 16) | (src[p + 3]! << 24);
    }
    let a = a0, b = b0, c = c0, d = d0;
    for (let i = 0; i < 64; i++) {
      let f: number, g: number;
      if (i < 16) { f = (b & c) | (~b & d); g = i; }
      else if (i < 32) { f = (d & b) | (~d & c); g = (5 * i + 1) & 15; }
      else if (i < 48) { f = b ^ c ^ d; g = (3 * i + 5) & 15; }
      else { f = c ^ (b | ~d); g = (7 * i) & 15; }
      const t = d;
      d = c;
      c = b;
      const x = (a + f + K[i]! + M[g]!) | 0;
      const s = S[i]!;
      b = (b + ((x << s) | (x >>> (32 - s)))) | 0;
      a = t;
    }
    a0 = (a0 + a) | 0; b0 = (b0 + b) | 0; c0 = (c0 + c) | 0; d0 = (d0 + d) | 0;
  }
  STATE[0] = a0; STATE[1] = b0; STATE[2] = c0; STATE[3] = d0;
  return STATE;
}

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));

export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += HEX[b]!;
  return s;
}
