/**
 * A strict JSON reader that says where a syntax error is (line and column). Browsers word
 * JSON.parse errors differently and some give no position, so agent.json is read with this.
 */

export class JsonSyntaxError extends Error {
  constructor(readonly reason: string, readonly offset: number, readonly line: number, readonly column: number) {
    super(`${reason} at line ${line}, column ${column}`);
    this.name = 'JsonSyntaxError';
  }
}

/** Parses `text` as JSON; throws JsonSyntaxError with the position of the first error. */
export function parseJson(text: string): unknown {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    let line = 1;
    let start = 0;
    for (let k = 0; k < at; k++) if (text[k] === '\n') (line++, (start = k + 1));
    throw new JsonSyntaxError(reason, at, line, at - start + 1);
  };
  const found = (): string => (i >= text.length ? 'the end of the file' : JSON.stringify(text[i]));
  const ws = (): void => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const value = (): unknown => {
    ws();
    const c = text[i];
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    const lit = /^(?:true|false|null)/.exec(text.slice(i, i + 5));
    if (lit) {
      i += lit[0].length;
      return lit[0] === 'null' ? null : lit[0] === 'true';
    }
    const num = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 400));
    if (num) {
      i += num[0].length;
      return Number(num[0]);
    }
    return fail(`Unexpected ${found()}: expected a value`);
  };
  const string = (): string => {
    const start = i++;
    while (i < text.length && text[i] !== '"') {
      const ch = text.charCodeAt(i);
      if (ch < 0x20) fail('Control character in string (use \\n, \\t…)');
      i += text[i] === '\\' ? 2 : 1;
    }
    if (i >= text.length) fail('Unterminated string', start);
    i++;
    try {
      return JSON.parse(text.slice(start, i)) as string;
    } catch {
      return fail('Invalid escape in string', start);
    }
  };
  const array = (): unknown[] => {
    i++;
    const out: unknown[] = [];
    ws();
    if (text[i] === ']') return (i++, out);
    for (;;) {
      out.push(value());
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === ']') return (i++, out);
      fail(`Unexpected ${found()}: expected "," or "]"`);
    }
  };
  const object = (): Record<string, unknown> => {
    i++;
    const out: Record<string, unknown> = {};
    ws();
    if (text[i] === '}') return (i++, out);
    for (;;) {
      ws();
      if (text[i] !== '"') fail(`Unexpected ${found()}: expected a property name in double quotes`);
      const key = string();
      ws();
      if (text[i] !== ':') fail(`Unexpected ${found()}: expected ":"`);
      i++;
      out[key] = value();
      ws();
      if (text[i] === ',') {
        i++;
        continue;
      }
      if (text[i] === '}') return (i++, out);
      fail(`Unexpected ${found()}: expected "," or "}"`);
    }
  };
  const v = value();
  ws();
  if (i < text.length) fail(`Unexpected ${found()} after the end of the JSON value`);
  return v;
}
