/**
 * Sequence numbers in AWS's layout (spec §4): 47 hex digits printed in decimal (56 digits):
 *
 *   '2' · shardCreateEpochSeconds (9) · low nibble of shard index (1) · per-shard counter (16)
 *       · '00' · recordEpochSeconds (9) · shard index (8) · '2'
 *
 * The counter sits above the record time, so numbers strictly increase in append order within a
 * shard whatever the clock does; they are not comparable across shards. Real AWS numbers parse
 * with this layout (the AWS docs' example decodes to shard 6).
 */
export interface SequenceParts {
  /** Shard creation time, epoch seconds. */
  readonly shardCreateSecs: number;
  /** Per-shard counter: 0 is the shard's StartingSequenceNumber, records count from 1. */
  readonly counter: number;
  /** Record arrival time, epoch seconds. */
  readonly recordSecs: number;
  readonly shardIndex: number;
}

/** The counter in a closed shard's EndingSequenceNumber (AWS uses the largest 63-bit value). */
export const CLOSED_COUNTER_HEX = '7fffffffffffffff';

function hexPad(v: number, width: number): string {
  return v.toString(16).padStart(width, '0').slice(-width);
}

/** Formats sequence number parts as AWS's decimal string. */
export function formatSequenceNumber(p: SequenceParts, counterHex = hexPad(p.counter, 16)): string {
  const hex = '2' + hexPad(p.shardCreateSecs, 9) + (p.shardIndex & 15).toString(16) + counterHex + '00' +
    hexPad(p.recordSecs, 9) + hexPad(p.shardIndex, 8) + '2';
  return BigInt('0x' + hex).toString();
}

/**
 * Per-shard formatter: the parts that never change for a shard are built once, so the hot path
 * formats only the counter and the record time.
 */
export function sequenceFormatter(shardCreateSecs: number, shardIndex: number): (counter: number, recordSecs: number) => string {
  const head = '0x2' + hexPad(shardCreateSecs, 9) + (shardIndex & 15).toString(16);
  const tail = hexPad(shardIndex, 8) + '2';
  return (counter, recordSecs) => BigInt(head + hexPad(counter, 16) + '00' + hexPad(recordSecs, 9) + tail).toString();
}

/** Parses a decimal sequence number in the layout above; `undefined` if it is not one. */
export function parseSequenceNumber(decimal: string): SequenceParts | undefined {
  if (!/^(0|[1-9]\d{0,128})$/.test(decimal)) return undefined;
  const hex = BigInt(decimal).toString(16);
  if (hex.length !== 47 || hex[0] !== '2' || hex[46] !== '2') return undefined;
  const counterHex = hex.slice(11, 27);
  if (parseInt(counterHex[0]!, 16) > 7) return undefined;
  const shardIndex = parseInt(hex.slice(38, 46), 16);
  if (shardIndex > 0x7fffffff || (shardIndex & 15) !== parseInt(hex[10]!, 16)) return undefined;
  return {
    shardCreateSecs: parseInt(hex.slice(1, 10), 16),
    // A closed shard's ending counter is 2^63 − 1: beyond 2^53, but only compared, never counted on.
    counter: counterHex === CLOSED_COUNTER_HEX ? Number.MAX_SAFE_INTEGER : parseInt(counterHex, 16),
    recordSecs: parseInt(hex.slice(29, 38), 16),
    shardIndex,
  };
}

/** `shardId-000000000007` */
export const shardIdOf = (index: number): string => 'shardId-' + String(index).padStart(12, '0');

/** The index in a shard id like `shardId-000000000007` (AWS also accepts the bare number form). */
export function shardIndexOf(shardId: string): number | undefined {
  const m = /^(?:shardId-)?(\d{1,12})$/.exec(shardId);
  if (!m) return undefined;
  const n = Number(m[1]);
  return n <= 0x7fffffff ? n : undefined;
}
