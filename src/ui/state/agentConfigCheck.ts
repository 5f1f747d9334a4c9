/** agent.json checked as the editor shows it: each problem placed at a line and column. */
import { parseAgentConfig, type ConfigIssue } from '../../core/agent/config';

export type LocatedIssue = ConfigIssue & { readonly line?: number; readonly column?: number };

/** agent.json's problems, each placed at a line and column (validation issues at their key). */
export function checkConfig(text: string): LocatedIssue[] {
  const r = parseAgentConfig(text);
  if (r.ok) return [];
  return r.issues.map((i) => (i.line !== undefined ? i : { ...i, ...locateJsonPath(text, i.path) }));
}

/** Where `path` (`flows[0].dataProcessingOptions[1].logFormat`) is in valid JSON `text`: the key, or the nearest enclosing value found. */
export function locateJsonPath(text: string, path: string): { line: number; column: number } {
  let i = 0;
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const skipString = (): void => {
    for (i++; i < text.length && text[i] !== '"'; i += text[i] === '\\' ? 2 : 1);
    i++;
  };
  const skipValue = (): void => {
    ws();
    const c = text[i];
    if (c === '"') return skipString();
    if (c !== '{' && c !== '[') {
      while (i < text.length && !',]} \t\n\r'.includes(text[i]!)) i++;
      return;
    }
    i++;
    ws();
    while (i < text.length && text[i] !== (c === '{' ? '}' : ']')) {
      if (c === '{') (skipString(), ws(), i++);
      skipValue();
      ws();
      if (text[i] === ',') (i++, ws());
    }
    i++;
  };
  ws();
  let at = i;
  let rest = path;
  while (rest !== '') {
    ws();
    const index = /^\[(\d+)\]\.?/.exec(rest);
    if (text[i] === '[' && index) {
      i++;
      for (let k = 0; k < Number(index[1]); k++) {
        skipValue();
        ws();
        if (text[i] !== ',') return position(text, at);
        i++;
      }
      ws();
      at = i;
      rest = rest.slice(index[0].length);
      continue;
    }
    if (text[i] !== '{') break;
    i++;
    ws();
    let found = false;
    while (text[i] === '"') {
      const start = i;
      skipString();
      const key = JSON.parse(text.slice(start, i)) as string;
      ws();
      i++; // the colon
      // Keys may hold dots ("cloudwatch.emitMetrics"): match the whole key, then "." or "[" or the end.
      if (rest === key || rest.startsWith(`${key}.`) || rest.startsWith(`${key}[`)) {
        at = start;
        rest = rest.slice(key.length).replace(/^\./, '');
        found = true;
        break;
      }
      skipValue();
      ws();
      if (text[i] === ',') (i++, ws());
    }
    if (!found) break;
  }
  return position(text, at);
}

function position(text: string, at: number): { line: number; column: number } {
  const before = text.slice(0, at);
  const line = before.split('\n').length;
  return { line, column: at - before.lastIndexOf('\n') };
}
