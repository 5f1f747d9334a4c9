/**
 * Starting points for a Firehose transformation Lambda, written as they would be for AWS's
 * Node.js runtime (ESM `export const handler`), so the code carries over unchanged. Each returns
 * every recordId exactly once with `Ok`, `Dropped` or `ProcessingFailed`, and base64 data.
 */
export interface LambdaTemplate {
  readonly id: string;
  readonly title: string;
  readonly name: string;
  readonly code: string;
}

const HEADER = `// A Firehose transformation: event.records[] → { records: [{ recordId, result, data }] }.
// data is base64 both ways. result: 'Ok', 'Dropped' or 'ProcessingFailed'.
// Newlines between records: the delivery stream's "newline after each record" option adds them.
`;

export const LAMBDA_TEMPLATES: readonly LambdaTemplate[] = [
  {
    id: 'enrich',
    title: 'Parse JSON, add a field (bad JSON → ProcessingFailed)',
    name: 'enrich-json',
    code: `${HEADER}export const handler = async (event) => {
  const records = event.records.map((record) => {
    const text = Buffer.from(record.data, 'base64').toString('utf8');
    try {
      const doc = JSON.parse(text);
      doc.processedAt = new Date(record.approximateArrivalTimestamp).toISOString();
      return { recordId: record.recordId, result: 'Ok', data: Buffer.from(JSON.stringify(doc)).toString('base64') };
    } catch (e) {
      console.log('not JSON:', text.slice(0, 80));
      return { recordId: record.recordId, result: 'ProcessingFailed', data: record.data };
    }
  });
  return { records };
};
`,
  },
  {
    id: 'filter',
    title: 'Keep one ticker, drop the rest',
    name: 'only-amzn',
    code: `${HEADER}export const handler = async (event) => {
  let kept = 0;
  const records = event.records.map((record) => {
    const doc = JSON.parse(Buffer.from(record.data, 'base64').toString('utf8'));
    if (doc.ticker !== 'AMZN') return { recordId: record.recordId, result: 'Dropped' };
    kept++;
    return { recordId: record.recordId, result: 'Ok', data: record.data };
  });
  console.log(\`kept \${kept} of \${event.records.length}\`);
  return { records };
};
`,
  },
  {
    id: 'csv',
    title: 'JSON to CSV lines',
    name: 'to-csv',
    code: `${HEADER}export const handler = async (event) => ({
  records: event.records.map((record) => {
    const d = JSON.parse(Buffer.from(record.data, 'base64').toString('utf8'));
    const line = [d.id, d.ticker, d.price, d.at].join(',');
    return { recordId: record.recordId, result: 'Ok', data: Buffer.from(line).toString('base64') };
  }),
});
`,
  },
  {
    id: 'throws',
    title: 'A function that throws (see the error output)',
    name: 'broken',
    code: `${HEADER}export const handler = async (event) => {
  throw new Error('something went wrong in the transform');
};
`,
  },
];
