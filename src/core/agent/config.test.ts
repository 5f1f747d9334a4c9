import { describe, expect, it } from 'vitest';
import { parseAgentConfig, type ConfigResult } from './config.js';

const issuesOf = (r: ConfigResult): string[] => (r.ok ? [] : r.issues.map((i) => `${i.path}: ${i.message}`));
const flow = (f: Record<string, unknown>): string => JSON.stringify({ flows: [{ filePattern: '/var/log/app/*.log*', kinesisStream: 's', ...f }] });

describe('functionality', () => {
  it("fills in the agent's defaults (spec §3.1–3.2)", () => {
    const r = parseAgentConfig('{"flows":[{"filePattern":"/tmp/app.log*","kinesisStream":"yourkinesisstream"},{"filePattern":"/tmp/x.log","deliveryStream":"d"}]}');
    if (!r.ok) throw new Error(issuesOf(r).join());
    expect(r.value.checkpointFile).toBe('/var/run/aws-kinesis-agent/checkpoints');
    expect(r.value['cloudwatch.emitMetrics']).toBe(true);
    const [k, f] = r.value.flows;
    expect(k).toMatchObject({
      id: 'kinesis:yourkinesisstream:/tmp/app.log*',
      destination: { kind: 'kinesis', name: 'yourkinesisstream' },
      partitionKeyOption: 'RANDOM',
      initialPosition: 'END_OF_FILE',
      maxBufferAgeMillis: 60_000,
      maxBufferSizeRecords: 500,
      maxBufferSizeBytes: 5 * 1024 * 1024,
      minTimeBetweenFilePollsMillis: 100,
      skipHeaderLines: 0,
      truncatedRecordTerminator: '\n',
      retryInitialBackoffMillis: 100,
      retryMaxBackoffMillis: 10_000,
      dataProcessingOptions: [],
    });
    expect(f).toMatchObject({ id: 'fh:d:/tmp/x.log', destination: { kind: 'firehose', name: 'd' }, maxBufferSizeBytes: 4_194_304 });
  });

  it('keeps global settings and warns about unknown keys', () => {
    const r = parseAgentConfig('{"cloudwatch.emitMetrics": false, "kinesis.endpoint": "https://kinesis.us-east-1.amazonaws.com", "colour": 1, "flows":[{"filePattern":"/a","kinesisStream":"s"}]}');
    if (!r.ok) throw new Error(issuesOf(r).join());
    expect(r.value['cloudwatch.emitMetrics']).toBe(false);
    expect(r.value['kinesis.endpoint']).toBe('https://kinesis.us-east-1.amazonaws.com');
    expect(r.warnings).toEqual([{ path: 'colour', message: 'unknown setting, ignored' }]);
  });
});

describe('errors', () => {
  it('reports a JSON syntax error with its line and column', () => {
    const r = parseAgentConfig('{\n  "flows": [\n    { "filePattern": "/a" "kinesisStream": "s" }\n  ]\n}');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.issues[0]).toEqual({ path: '', message: 'JSON syntax error: Unexpected "\\"": expected "," or "}" at line 3, column 27', line: 3, column: 27 });
  });

  it('reports trailing commas and unterminated files', () => {
    const a = parseAgentConfig('{"flows": [],\n}');
    expect(a.ok ? undefined : [a.issues[0]!.line, a.issues[0]!.column]).toEqual([2, 1]);
    const b = parseAgentConfig('{"flows": [');
    expect(b.ok ? '' : b.issues[0]!.message).toMatch(/Unexpected the end of the file: expected a value at line 1, column 12/);
  });

  it('requires flows, a file pattern and exactly one destination', () => {
    expect(issuesOf(parseAgentConfig('{}'))).toEqual(['flows: is required: an array of at least one flow']);
    expect(issuesOf(parseAgentConfig('{"flows":[{"kinesisStream":"s"}]}'))).toEqual(['flows[0].filePattern: is required: a glob such as /var/log/app/*.log*']);
    expect(issuesOf(parseAgentConfig('{"flows":[{"filePattern":"/a"}]}'))).toEqual(['flows[0].kinesisStream: a flow needs exactly one of kinesisStream or deliveryStream']);
    expect(issuesOf(parseAgentConfig('{"flows":[{"filePattern":"/a","kinesisStream":"s","deliveryStream":"d"}]}'))).toEqual(['flows[0].deliveryStream: a flow needs exactly one of kinesisStream or deliveryStream']);
  });

  it('checks ranges and enumerations', () => {
    expect(issuesOf(parseAgentConfig(flow({ maxBufferSizeRecords: 501 })))).toEqual(['flows[0].maxBufferSizeRecords: must be an integer from 1 to 500']);
    expect(issuesOf(parseAgentConfig(flow({ maxBufferAgeMillis: 999 })))).toEqual(['flows[0].maxBufferAgeMillis: must be an integer from 1000 to 900000']);
    expect(issuesOf(parseAgentConfig(flow({ initialPosition: 'BEGINNING' })))).toEqual(['flows[0].initialPosition: must be one of START_OF_FILE, END_OF_FILE']);
    expect(issuesOf(parseAgentConfig(flow({ multiLineStartPattern: '(' })))[0]).toMatch(/^flows\[0\]\.multiLineStartPattern: is not a valid regular expression/);
    expect(issuesOf(parseAgentConfig(flow({ dataProcessingOptions: [{ optionName: 'CSVTOJSON' }] })))).toEqual([
      'flows[0].dataProcessingOptions[0].customFieldNames: customFieldNames is required: an array of field names',
    ]);
    const fh = JSON.stringify({ flows: [{ filePattern: '/a', deliveryStream: 'd', partitionKeyOption: 'RANDOM', maxBufferSizeBytes: 5 * 1024 * 1024 }] });
    expect(issuesOf(parseAgentConfig(fh))).toEqual(['flows[0].partitionKeyOption: applies only to kinesisStream flows', 'flows[0].maxBufferSizeBytes: must be an integer from 1 to 4194304']);
  });
});
