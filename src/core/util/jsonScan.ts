/**
 * Where a JSON object or array written at `start` ends — strings and escapes skipped, nesting
 * counted — without parsing it: for records that hold several JSON documents back to back
 * (Firehose concatenates, producers batch), split before each is parsed.
 */

/** Index just after the object/array starting at `start`, or -1 (not one, or unterminated). */
export function endOfJsonContainer(text: string, start: number): number {
  if (text[start] !== '{' && text[start] !== '[') return -1;
  let depth = 0, inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth === 0) return i + 1;
    }
  }
  return -1;
}
