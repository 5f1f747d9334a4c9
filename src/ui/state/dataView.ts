/** A record's data as text, pretty JSON or hex — always returned as plain strings, for text nodes. */

export const DATA_FORMATS = ['text', 'json', 'hex'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];

const decoder = new TextDecoder('utf-8', { fatal: false });

/** UTF-8 decoded; invalid bytes become U+FFFD, as a console would show them. */
export function bytesToText(data: Uint8Array): string {
  return decoder.decode(data);
}

/** Pretty-printed JSON, or `undefined` when the data is not JSON. */
export function bytesToPrettyJson(data: Uint8Array): string | undefined {
  try {
    return JSON.stringify(JSON.parse(bytesToText(data)), null, 2);
  } catch {
    return undefined;
  }
}

/** `3c 69 6d 67 …`, 16 bytes a line, the first `max` bytes (with a note of the rest). */
export function bytesToHex(data: Uint8Array, max = 256): string {
  const lines: string[] = [];
  const n = Math.min(data.length, max);
  for (let i = 0; i < n; i += 16) {
    const row: string[] = [];
    for (let j = i; j < Math.min(i + 16, n); j++) row.push(data[j]!.toString(16).padStart(2, '0'));
    lines.push(row.join(' '));
  }
  if (data.length > max) lines.push(`… ${data.length - max} more bytes`);
  return lines.join('\n');
}

/** Text cut to `max` characters, with an ellipsis when cut. */
export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}…`;
}

export interface RenderedData {
  readonly text: string;
  /** Set when JSON was asked for but the data is not JSON. */
  readonly note?: string;
}

export function renderData(data: Uint8Array, format: DataFormat, maxChars = 2000): RenderedData {
  switch (format) {
    case 'text':
      return { text: clip(bytesToText(data), maxChars) };
    case 'json': {
      const pretty = bytesToPrettyJson(data);
      return pretty === undefined ? { text: clip(bytesToText(data), maxChars), note: 'not JSON — shown as text' } : { text: clip(pretty, maxChars) };
    }
    case 'hex':
      return { text: bytesToHex(data) };
  }
}
