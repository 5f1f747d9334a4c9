/**
 * The XML of S3's REST protocol: building answer documents (escaped elements, S3's namespace and
 * date format) and reading the few request documents S3 takes (CreateBucketConfiguration,
 * Delete). Request documents are read with patterns, not a parser: their elements do not nest in
 * ways that matter.
 */

/** The namespace of S3's answer documents. */
export const S3_XMLNS = 'http://s3.amazonaws.com/doc/2006-03-01/';
/** The declaration every S3 XML document starts with. */
export const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>\n';

/** `s` with XML's five special characters escaped. */
export const esc = (s: string): string => s.replace(/[&<>"']/g, (c) => `&${({ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' } as Record<string, string>)[c]!};`);
/** `<name>value</name>`, or nothing when there is no value. */
export const el = (name: string, value: string | number | boolean | undefined): string => (value === undefined ? '' : `<${name}>${esc(String(value))}</${name}>`);

/** ISO 8601 with milliseconds, as S3's XML writes times. */
export const isoDate = (t: number): string => new Date(t).toISOString();

/** The unescaped text of the first `<name>` element (these request documents have no nesting that matters). */
export function textOf(doc: string, name: string): string | undefined {
  const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(doc);
  return m ? unescapeXml(m[1]!) : undefined;
}

function unescapeXml(s: string): string {
  return s.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-fA-F]+|#\d+);/g, (_, e: string) =>
    e === 'lt' ? '<' : e === 'gt' ? '>' : e === 'amp' ? '&' : e === 'quot' ? '"' : e === 'apos' ? "'"
      : String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
}

/** The keys of a DeleteObjects `<Delete>` document; undefined when it is not one (MalformedXML). */
export function parseDelete(body: string): { keys: string[]; quiet: boolean } | undefined {
  if (!/<Delete[\s>]/.test(body)) return undefined;
  const keys: string[] = [];
  for (const m of body.matchAll(/<Object>([\s\S]*?)<\/Object>/g)) {
    const key = textOf(m[1]!, 'Key');
    if (key === undefined) return undefined;
    keys.push(key);
  }
  // AWS: between 1 and 1,000 keys, else MalformedXML.
  if (keys.length === 0 || keys.length > 1000) return undefined;
  return { keys, quiet: textOf(body, 'Quiet')?.trim() === 'true' };
}
