/**
 * Recognising a KPL aggregated record without decoding it (no protobuf library): the magic
 * bytes, and how many user records it packs — what the picture needs to draw one Kinesis record
 * as many small ones, at the cost of one pass over the bytes.
 */

/** The four bytes every KPL aggregated record starts with (spec §1.4). */
export const KPL_MAGIC = Uint8Array.of(0xf3, 0x89, 0x9a, 0xc2);
/** The MD5 trailer's length. */
export const KPL_DIGEST = 16;
/** The base64 text of an aggregated record starts with this (the magic's first three bytes). */
export const KPL_BASE64_PREFIX = '84ma';

/** True when `data` starts with the KPL magic bytes. */
export function hasKplMagic(data: Uint8Array): boolean {
  return data.length >= 4 && data[0] === 0xf3 && data[1] === 0x89 && data[2] === 0x9a && data[3] === 0xc2;
}

/**
 * The number of user records in a KPL aggregated record — the `records` entries (field 3) of
 * its AggregatedRecord — or `undefined` when `data` is not one (no magic, or a protobuf that
 * does not walk). The MD5 is not checked: a consumer (`deaggregate`) checks it before trusting
 * the contents; this count is for showing, not for reading.
 */
export function countUserRecords(data: Uint8Array): number | undefined {
  if (!hasKplMagic(data) || data.length <= KPL_MAGIC.length + KPL_DIGEST) return undefined;
  const end = data.length - KPL_DIGEST;
  let i = KPL_MAGIC.length;
  let records = 0;
  const varint = (): number | undefined => {
    let v = 0, scale = 1;
    for (let k = 0; k < 8 && i < end; k++) {
      const b = data[i++]!;
      v += (b & 0x7f) * scale;
      if (b < 0x80) return v;
      scale *= 128;
    }
    return undefined;
  };
  while (i < end) {
    const tag = varint();
    if (tag === undefined) return undefined;
    const field = Math.floor(tag / 8), wire = tag & 7;
    // AggregatedRecord's fields are all length-delimited (tables of strings, records).
    if (wire !== 2 || field < 1 || field > 3) return undefined;
    const len = varint();
    if (len === undefined || i + len > end) return undefined;
    i += len;
    if (field === 3) records++;
  }
  return records;
}
