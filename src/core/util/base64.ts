/**
 * Base64 (RFC 4648, standard alphabet, padded) for the wire protocol's blobs. Written here
 * rather than using Buffer/atob so the pure core runs the same in Node, a page and a worker.
 */
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const ENC = new Uint8Array(64);
const DEC = new Int16Array(256).fill(-1);
for (let i = 0; i < 64; i++) {
  ENC[i] = ALPHABET.charCodeAt(i);
  DEC[ALPHABET.charCodeAt(i)] = i;
}
const textDecoder = new TextDecoder('latin1');

/** A faster codec supplied by the host (Node's Buffer) or the language (ES2026 Uint8Array base64). */
export interface Base64Codec {
  encode(bytes: Uint8Array): string;
  /** Only ever called with strings that passed `base64Problem`. */
  decode(s: string): Uint8Array;
  /**
   * Optional fast check: true when `s` (length a multiple of 4) is canonical padded base64 —
   * standard alphabet, no whitespace, zero padding bits. False sends `base64Problem` down its
   * slow path, which names the problem.
   */
  isCanonical?(s: string): boolean;
}

type WithBase64 = {
  toBase64?: (this: Uint8Array) => string;
  setFromBase64?: (this: Uint8Array, s: string, options?: { lastChunkHandling: 'strict' }) => { read: number; written: number };
};
type FromBase64 = { fromBase64?: (s: string, options?: { lastChunkHandling: 'strict' }) => Uint8Array };
const proto = Uint8Array.prototype as unknown as WithBase64;
const ctor = Uint8Array as unknown as FromBase64;

// The language's own codec where it exists (Chromium 140+); the host may install a faster one.
// Validation by strict decoding: it rejects characters outside the alphabet, misplaced '=' and
// non-zero padding bits, natively (several times faster than a regex over 1 KiB records). It
// skips ASCII whitespace, which the length check catches: whitespace makes the output shorter
// than the length of `s` implies.
// Decoding into one reused buffer (setFromBase64) avoids allocating a buffer per record.
const STRICT = { lastChunkHandling: 'strict' } as const;
const SCRATCH_MAX = 1 << 20;
let scratch = new Uint8Array(0);
function strictlyDecodes(s: string): boolean {
  const need = base64DecodedLength(s);
  try {
    if (!proto.setFromBase64 || need > SCRATCH_MAX) return ctor.fromBase64!(s, STRICT).length === need;
    if (need > scratch.length) scratch = new Uint8Array(Math.min(SCRATCH_MAX, Math.max(need, scratch.length * 2, 4096)));
    const r = proto.setFromBase64.call(scratch, s, STRICT);
    return r.read === s.length && r.written === need;
  } catch {
    return false;
  }
}
let native: Base64Codec | undefined = proto.toBase64 && ctor.fromBase64
  ? { encode: (b) => proto.toBase64!.call(b), decode: (s) => ctor.fromBase64!(s), isCanonical: strictlyDecodes }
  : undefined;

/** Installs a native codec (the Node entry passes one built on Buffer). Pure JS is the fallback. */
export function useBase64Codec(codec: Base64Codec | undefined): void {
  native = codec;
}

export function encodeBase64(bytes: Uint8Array): string {
  return native ? native.encode(bytes) : encodeBase64Js(bytes);
}

/** Decodes a valid base64 string (check it with `base64Problem` first). */
export function decodeBase64(s: string): Uint8Array {
  return native ? native.decode(s) : decodeBase64Js(s);
}

const CANONICAL = /^[A-Za-z0-9+/]*={0,2}$/;

function encodeBase64Js(bytes: Uint8Array): string {
  const n = bytes.length;
  const out = new Uint8Array(Math.ceil(n / 3) * 4);
  let o = 0, i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out[o++] = ENC[v >> 18]!;
    out[o++] = ENC[(v >> 12) & 63]!;
    out[o++] = ENC[(v >> 6) & 63]!;
    out[o++] = ENC[v & 63]!;
  }
  if (i < n) {
    const b1 = i + 1 < n ? bytes[i + 1]! : 0;
    const v = (bytes[i]! << 16) | (b1 << 8);
    out[o++] = ENC[v >> 18]!;
    out[o++] = ENC[(v >> 12) & 63]!;
    out[o++] = i + 1 < n ? ENC[(v >> 6) & 63]! : 61;
    out[o++] = 61;
  }
  return textDecoder.decode(out);
}

/** Why a string is not valid base64, in the words AWS's JSON deserializer uses; `undefined` if valid. */
export function base64Problem(s: string): string | undefined {
  if (s.length % 4) return `Base64 encoded length is expected a multiple of 4 bytes but found: ${s.length}`;
  // Fast path (one native regex scan); the loop below only runs to name the offending character.
  if (native?.isCanonical ? native.isCanonical(s) : CANONICAL.test(s) && canonicalTail(s)) return undefined;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  for (let i = 0; i < s.length - pad; i++) {
    if (DEC[s.charCodeAt(i) & 255]! < 0 || s.charCodeAt(i) > 255) return `Invalid Base64 character: '${s[i]}'`;
  }
  return canonicalTail(s) ? undefined : 'Invalid last non-pad Base64 character dectected';
}

/** The unused low bits of the last character are zero (canonical encoding). */
function canonicalTail(s: string): boolean {
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  if (!pad) return true;
  const last = DEC[s.charCodeAt(s.length - pad - 1)]!;
  return pad === 2 ? (last & 15) === 0 : (last & 3) === 0;
}

function decodeBase64Js(s: string): Uint8Array {
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const len = (s.length / 4) * 3 - pad;
  const out = new Uint8Array(len);
  let o = 0, i = 0;
  const full = s.length - (pad ? 4 : 0);
  for (; i < full; i += 4) {
    const v = (DEC[s.charCodeAt(i)]! << 18) | (DEC[s.charCodeAt(i + 1)]! << 12) | (DEC[s.charCodeAt(i + 2)]! << 6) | DEC[s.charCodeAt(i + 3)]!;
    out[o++] = v >> 16;
    out[o++] = (v >> 8) & 255;
    out[o++] = v & 255;
  }
  if (pad) {
    const c2 = pad === 1 ? DEC[s.charCodeAt(i + 2)]! : 0;
    const v = (DEC[s.charCodeAt(i)]! << 18) | (DEC[s.charCodeAt(i + 1)]! << 12) | (c2 << 6);
    out[o++] = v >> 16;
    if (pad === 1) out[o++] = (v >> 8) & 255;
  }
  return out;
}

/** Bytes of a base64 string once decoded, without decoding it. */
export function base64DecodedLength(s: string): number {
  const n = s.length;
  const pad = n === 0 || s.charCodeAt(n - 1) !== 61 ? 0 : s.charCodeAt(n - 2) === 61 ? 2 : 1; // '='
  return (n >> 2) * 3 - pad;
}
