// The pure core targets plain ES2022 (no DOM, no Node types), but TextEncoder/TextDecoder exist in
// every runtime Shardlab runs in (browsers, workers, Node ≥ 11). Declare just what the core uses.
declare class TextEncoder {
  encode(input?: string): Uint8Array;
  encodeInto(source: string, destination: Uint8Array): { read: number; written: number };
}
declare class TextDecoder {
  constructor(label?: string);
  decode(input?: Uint8Array): string;
}
