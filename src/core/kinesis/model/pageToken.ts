/**
 * Pagination tokens (ListShards, ListStreams): opaque strings carrying where the next page starts
 * and when the token was issued; AWS rejects tokens older than 300 s (ExpiredNextTokenException).
 */
import { base64Problem, decodeBase64, encodeBase64 } from '../../util/base64.js';

export const NEXT_TOKEN_TTL_MS = 300_000;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

export function encodePageToken(payload: Record<string, string | number>, issuedAt: number): string {
  return encodeBase64(encoder.encode(JSON.stringify({ ...payload, t: issuedAt })));
}

/** The payload of a token we issued, or `undefined` for anything else. */
export function decodePageToken(token: string): (Record<string, unknown> & { t: number }) | undefined {
  if (base64Problem(token)) return undefined;
  try {
    const v: unknown = JSON.parse(decoder.decode(decodeBase64(token)));
    if (typeof v === 'object' && v !== null && typeof (v as { t?: unknown }).t === 'number') return v as Record<string, unknown> & { t: number };
  } catch {
    // not one of ours
  }
  return undefined;
}
