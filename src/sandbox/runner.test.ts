import * as kinesisSdk from '@aws-sdk/client-kinesis';
import { describe, expect, it } from 'vitest';
import type { SandboxJob } from './protocol.js';
import { offeredNames, serveSdk } from './sdkService.js';
import { endlessStreamClient } from './testing.js';
import { VmSandbox } from './vmSandbox.js';

const sandbox = new VmSandbox();
const call = (code: string, args: unknown[] = [], extra: Partial<SandboxJob['call']> = {}): Promise<Awaited<ReturnType<VmSandbox['run']>>> =>
  sandbox.run({ code, timeoutMs: 2000, call: { export: 'handler', args, result: 'json', ...extra } });

describe('runner: loading and calling', () => {
  it('calls a CommonJS export and returns its value', async () => {
    const r = await call('exports.handler = async (e) => ({ doubled: e.n * 2 });', [{ n: 21 }]);
    expect(r.outcome).toEqual({ ok: true, value: { doubled: 42 }, format: 'commonjs' });
  });

  it('accepts module.exports and a synchronous return value', async () => {
    const r = await call('module.exports = { handler: (e) => e.length };', [[1, 2, 3]]);
    expect(r.outcome).toMatchObject({ ok: true, value: 3 });
  });

  it('finds the export under default, as the Lambda runtime does', async () => {
    const r = await call('module.exports.default = { handler: () => "from default" };');
    expect(r.outcome).toMatchObject({ ok: true, value: 'from default' });
  });

  it('runs CommonJS in sloppy mode, as Node does', async () => {
    const r = await call('exports.handler = () => { implicitGlobal = 5; return implicitGlobal; };');
    expect(r.outcome).toMatchObject({ ok: true, value: 5 });
  });

  it('passes a context whose getRemainingTimeInMillis counts down from the limit', async () => {
    const r = await call('exports.handler = (e, ctx) => ({ name: ctx.functionName, left: ctx.getRemainingTimeInMillis() });', [{}], { context: { functionName: 'f' } });
    expect(r.outcome).toMatchObject({ ok: true, value: { name: 'f' } });
    const left = (r.outcome as { value: { left: number } }).value.left;
    expect(left).toBeGreaterThan(1000);
    expect(left).toBeLessThanOrEqual(2000);
  });

  it('returns JSON: undefined becomes null, Dates become strings', async () => {
    expect((await call('exports.handler = () => undefined;')).outcome).toMatchObject({ ok: true, value: null });
    expect((await call('exports.handler = () => ({ d: new Date(0) });')).outcome).toMatchObject({ ok: true, value: { d: '1970-01-01T00:00:00.000Z' } });
  });

  it('detects ES module syntax without running it as CommonJS', async () => {
    const r = await sandbox.run({ code: 'export const handler = () => 1;', timeoutMs: 1000, detectOnly: true });
    expect(r.outcome).toMatchObject({ ok: true, format: 'module' });
  });
});

describe('runner: errors', () => {
  it('reports a thrown error with its name, message and the line in the user code', async () => {
    const r = await call('exports.handler = async () => {\n  const x = 1;\n  throw new TypeError("boom");\n};');
    expect(r.outcome).toMatchObject({ ok: false, error: { kind: 'thrown', name: 'TypeError', message: 'boom', line: 3, column: 9 } });
    const trace = r.outcome.ok ? [] : (r.outcome.error.trace ?? []);
    expect(trace[0]).toBe('TypeError: boom');
    expect(trace.some((l) => l.includes('/var/task/index.js:3:9'))).toBe(true);
    expect(trace.some((l) => l.includes('blob:'))).toBe(false);
  });

  it('reports a thrown non-Error by its type', async () => {
    const r = await call('exports.handler = () => { throw "plain"; };');
    expect(r.outcome).toMatchObject({ ok: false, error: { kind: 'thrown', name: 'string', message: 'plain' } });
  });

  it('reports an error while loading the module', async () => {
    const r = await call('const x = null;\nx.y;\nexports.handler = () => 1;');
    expect(r.outcome).toMatchObject({ ok: false, error: { kind: 'thrown', name: 'TypeError', line: 2 } });
  });

  it('tells a missing export from one that is not a function', async () => {
    expect((await call('exports.other = () => 1;')).outcome).toMatchObject({ ok: false, error: { kind: 'entry-missing', message: 'handler is undefined or not exported' } });
    expect((await call('exports.handler = 42;')).outcome).toMatchObject({ ok: false, error: { kind: 'entry-not-function' } });
  });

  it('refuses an export with more parameters than allowed, before calling it', async () => {
    const r = await call('exports.handler = (e, ctx, callback) => { console.log("ran"); callback(null, 1); };', [{}], { maxArity: 2 });
    expect(r.outcome).toMatchObject({ ok: false, error: { kind: 'entry-arity' } });
    expect(r.logs).toEqual([]);
  });

  it('reports a syntax error as such', async () => {
    const r = await call('exports.handler = () => {\n  let x = ;\n};');
    expect(r.outcome).toMatchObject({ ok: false, format: 'commonjs', error: { kind: 'syntax', name: 'SyntaxError', message: "Unexpected token ';'" } });
  });

  it('reports a require of a module the sandbox does not have as an import failure', async () => {
    const r = await call("const s3 = require('@aws-sdk/client-s3');\nexports.handler = () => 1;");
    expect(r.outcome).toMatchObject({ ok: false, error: { kind: 'import', specifier: '@aws-sdk/client-s3' } });
  });

  it('reports a result JSON cannot represent', async () => {
    const r = await call('exports.handler = () => { const a = {}; a.self = a; return a; };');
    expect(r.outcome).toMatchObject({ ok: false, error: { kind: 'result', name: 'TypeError' } });
  });
});

describe('runner: console', () => {
  it('captures console output per level, formatted like util.format', async () => {
    const r = await call('exports.handler = () => { console.log("n=%d", 5, { a: [1, "x"] }); console.warn("careful"); console.error(new RangeError("bad").name); };');
    expect(r.logs.map((l) => [l.level, l.text])).toEqual([
      ['log', "n=5 { a: [ 1, 'x' ] }"],
      ['warn', 'careful'],
      ['error', 'RangeError'],
    ]);
  });

  it('inspects nested, circular and special values on one line', async () => {
    const r = await call('exports.handler = () => { const o = { m: new Map([["k", 1]]), s: new Set([2]), d: { e: { f: { g: 1 } } }, fn() {} }; o.o = o; console.log(o); console.log(null, undefined, 1n, -0, [ ]); };');
    expect(r.logs.map((l) => l.text)).toEqual(["{ m: Map(1) { 'k' => 1 }, s: Set(1) { 2 }, d: { e: { f: [Object] } }, fn: [Function: fn], o: [Circular *1] }", 'null undefined 1n -0 []']);
  });

  it('keeps at most maxLogEntries and counts the rest', async () => {
    const r = await sandbox.run({ code: 'exports.handler = () => { for (let i = 0; i < 50; i++) console.log(i); };', timeoutMs: 2000, maxLogEntries: 10, call: { export: 'handler', args: [] } });
    expect(r.logs).toHaveLength(10);
    expect(r.droppedLogs).toBe(40);
  });
});

describe('runner: Node globals', () => {
  it('has a Buffer for the base64 work of Firehose transforms', async () => {
    const code = `exports.handler = (e) => {
      const text = Buffer.from(e.data, 'base64').toString('utf8');
      const b = Buffer.from(text.toUpperCase() + ' ✓');
      return { text, out: b.toString('base64'), hex: Buffer.from('hi').toString('hex'), len: Buffer.byteLength('✓'),
        cat: Buffer.concat([Buffer.from('a'), Buffer.from([98])]).toString(), isBuf: Buffer.isBuffer(b), lenient: Buffer.from('aGk', 'base64').toString() };
    };`;
    const r = await call(code, [{ data: btoa('hello') }]);
    expect(r.outcome).toMatchObject({ ok: true, value: { text: 'hello', out: Buffer.from('HELLO ✓').toString('base64'), hex: '6869', len: 3, cat: 'ab', isBuf: true, lenient: 'hi' } });
  });

  it('has process.env from the job, and require of buffer and util', async () => {
    const r = await sandbox.run({
      code: "const { Buffer: B } = require('node:buffer'); const util = require('util');\nexports.handler = () => [process.env.STAGE, B === Buffer, util.format('%s!', 'x')];",
      timeoutMs: 2000,
      env: { STAGE: 'test' },
      call: { export: 'handler', args: [], result: 'json' },
    });
    expect(r.outcome).toMatchObject({ ok: true, value: ['test', true, 'x!'] });
  });
});

describe('runner: the AWS SDK stand-ins and event streams', () => {
  /** The page side (serveSdk) with a client whose SubscribeToShard answers an endless stream; what it was given is kept. */
  function page() {
    const { client, sent } = endlessStreamClient();
    const { port1, port2 } = new MessageChannel();
    const stop = serveSdk(port1, { '@aws-sdk/client-kinesis': { module: kinesisSdk, client } });
    return { sent, port: port2, stop };
  }

  it('for await reads events; break and an abortSignal both end the stream on the page, and the read rejects with AbortError', async () => {
    const { sent, port, stop } = page();
    const code = `
const { KinesisClient, SubscribeToShardCommand } = require('@aws-sdk/client-kinesis');
exports.handler = async () => {
  const kinesis = new KinesisClient({});
  const ac = new AbortController();
  const first = await kinesis.send(new SubscribeToShardCommand({}));
  const seen = [];
  for await (const ev of first.EventStream) {
    seen.push(ev.SubscribeToShardEvent.ContinuationSequenceNumber);
    if (seen.length === 3) break;
  }
  const second = await kinesis.send(new SubscribeToShardCommand({}), { abortSignal: ac.signal });
  let error;
  try {
    for await (const ev of second.EventStream) ac.abort();
  } catch (e) {
    error = e.name;
  }
  return { seen, error };
};`;
    try {
      const r = await sandbox.run({ code, timeoutMs: 5000, modules: { '@aws-sdk/client-kinesis': offeredNames(kinesisSdk) }, call: { export: 'handler', args: [], result: 'json' } }, { port });
      expect(r.outcome).toMatchObject({ ok: true, value: { seen: ['0', '1', '2'], error: 'AbortError' } });
      await new Promise((res) => setTimeout(res, 20));
      expect(sent).toHaveLength(2);
      expect(sent.map((s) => [s.signal?.aborted, s.returned])).toEqual([[true, true], [true, true]]);
    } finally {
      stop();
      port.close();
    }
  });
});
