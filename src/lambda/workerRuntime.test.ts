import { describe, expect, it } from 'vitest';
import type { SandboxCheckResult, SandboxJob, SandboxResult } from '../sandbox/protocol.js';
import type { SandboxLike } from '../sandbox/sandbox.js';
import { VmSandbox } from '../sandbox/vmSandbox.js';
import { lambdaError, logLine, toInvocation } from './toInvocation.js';
import { SandboxLambdaRuntime } from './workerRuntime.js';

const arn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;
const T0 = Date.UTC(2026, 0, 2, 3, 4, 5);
let ids = 0;
const runtime = (sandbox: SandboxLike = new VmSandbox()): SandboxLambdaRuntime => new SandboxLambdaRuntime({ sandbox, newRequestId: () => `req-${++ids}`, now: () => T0 });

/** A sandbox that answers with a fixed result, and keeps the jobs it was given. */
class FakeSandbox implements SandboxLike {
  readonly jobs: SandboxJob[] = [];
  constructor(private readonly result: SandboxResult) {}
  async run(job: SandboxJob): Promise<SandboxResult> {
    this.jobs.push(job);
    return this.result;
  }
  async check(): Promise<SandboxCheckResult> {
    return { ok: true, format: 'commonjs' };
  }
}

const TRANSFORM = `exports.handler = async (event) => ({
  records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: Buffer.from(Buffer.from(r.data, 'base64').toString().toUpperCase()).toString('base64') })),
});`;

describe('functionality', () => {
  it('transforms a Firehose batch through the sandbox', async () => {
    const lambda = runtime();
    lambda.define('upper', TRANSFORM);
    const result = await lambda.invoke(arn('upper'), { invocationId: 'i', records: [{ recordId: '1', data: btoa('hello'), approximateArrivalTimestamp: 0 }] });
    expect(result).toEqual({ ok: true, payload: { records: [{ recordId: '1', result: 'Ok', data: btoa('HELLO') }] } });
  });

  it('accepts a qualified ARN', async () => {
    const lambda = runtime();
    lambda.define('f', 'exports.handler = () => 1;');
    expect(await lambda.invoke(`${arn('f')}:$LATEST`, {})).toEqual({ ok: true, payload: 1 });
  });

  it('gives the code a Lambda context and environment', async () => {
    const lambda = runtime();
    lambda.define('ctx', 'exports.handler = (e, c) => [c.functionName, c.awsRequestId, c.invokedFunctionArn, c.memoryLimitInMB, process.env.AWS_LAMBDA_FUNCTION_NAME, process.env.AWS_REGION];', { memoryMb: 256 });
    const { result, report } = await lambda.invokeFunction('ctx', {});
    expect(result).toEqual({ ok: true, payload: ['ctx', report?.requestId, arn('ctx'), '256', 'ctx', 'us-east-1'] });
  });

  it('reports each invocation with CloudWatch-style log lines', async () => {
    const lambda = runtime();
    const reports: unknown[] = [];
    const stop = lambda.onInvoke((r) => reports.push(r));
    lambda.define('logs', 'exports.handler = () => { console.log("hello", { n: 1 }); console.error("oops"); return "done"; };');
    await lambda.invoke(arn('logs'), {});
    stop();
    await lambda.invoke(arn('logs'), {});
    expect(reports).toHaveLength(1);
    const report = lambda.lastInvocation('logs');
    expect(report).toMatchObject({ name: 'logs', ok: true, startedAt: T0 });
    expect(report?.logs).toHaveLength(2);
    expect(report?.logs[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\t${report?.requestId}\\tINFO\\thello \\{ n: 1 \\}$`));
    expect(report?.logs[1]).toMatch(/\tERROR\toops$/);
  });
});

describe('errors', () => {
  it('answers ResourceNotFound for an unknown function or an ARN that is not a function ARN', async () => {
    const lambda = runtime();
    expect(await lambda.invoke(arn('nope'), {})).toEqual({ ok: false, errorCode: 'Lambda.ResourceNotFound', errorMessage: `Function not found: ${arn('nope')}` });
    expect((await lambda.invoke('arn:aws:s3:::bucket', {})).ok).toBe(false);
  });

  it('turns a thrown error into FunctionError "TypeError: boom", with its line', async () => {
    const lambda = runtime();
    lambda.define('boom', 'exports.handler = async () => {\n  throw new TypeError("boom");\n};');
    expect(await lambda.invoke(arn('boom'), {})).toEqual({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: 'TypeError: boom' });
    const report = lambda.lastInvocation('boom');
    expect(report).toMatchObject({ ok: false, errorType: 'TypeError', line: 2, column: 9 });
    expect(report?.logs.at(-1)).toMatch(/\tERROR\tInvoke Error \t\{"errorType":"TypeError","errorMessage":"boom","stack":\["TypeError: boom","    at exports.handler \(\/var\/task\/index.js:2:9\)"/);
  });

  it('says the handler is not exported, in the Node runtime words', async () => {
    const lambda = runtime();
    lambda.define('nohandler', 'exports.main = () => 1;');
    expect(await lambda.invoke(arn('nohandler'), {})).toEqual({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: 'Runtime.HandlerNotFound: index.handler is undefined or not exported' });
  });

  it('refuses a callback handler as nodejs24.x does', async () => {
    const lambda = runtime();
    lambda.define('cb', 'exports.handler = (event, context, callback) => callback(null, 1);');
    const result = await lambda.invoke(arn('cb'), {});
    expect(result).toMatchObject({ ok: false, errorCode: 'Lambda.FunctionError' });
    expect(!result.ok && result.errorMessage).toMatch(/^Runtime\.CallbackHandlerDeprecated: ERROR: AWS Lambda has removed support for callback-based function handlers/);
  });

  it('reports a syntax error as Runtime.UserCodeSyntaxError', async () => {
    const lambda = runtime();
    lambda.define('broken', 'exports.handler = () => {\n  let x = ;\n};');
    expect(await lambda.invoke(arn('broken'), {})).toEqual({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: 'Runtime.UserCodeSyntaxError: SyntaxError: Unexpected token \';\'' });
  });

  it('reports a missing module as Runtime.ImportModuleError', async () => {
    const lambda = runtime();
    lambda.define('req', "const { S3 } = require('@aws-sdk/client-s3');\nexports.handler = () => 1;");
    const result = await lambda.invoke(arn('req'), {});
    expect(!result.ok && result.errorMessage).toBe("Runtime.ImportModuleError: Error: Cannot find module '@aws-sdk/client-s3'\nRequire stack:\n- /var/task/index.js\n- /var/runtime/index.mjs");
  });

  it('answers FunctionTimedOut with the timeout in seconds, and logs it', async () => {
    const sandbox = new FakeSandbox({ outcome: { ok: false, error: { kind: 'timeout', name: 'TimeoutError', message: 'late' } }, logs: [{ level: 'log', text: 'start', time: T0 }], droppedLogs: 0, durationMs: 500 });
    const lambda = runtime(sandbox);
    lambda.define('slow', 'exports.handler = () => { while (true) {} };', { timeoutMs: 500 });
    expect(await lambda.invoke(arn('slow'), {})).toEqual({ ok: false, errorCode: 'Lambda.FunctionTimedOut', errorMessage: 'Task timed out after 0.50 seconds' });
    expect(sandbox.jobs[0]?.timeoutMs).toBe(500);
    expect(lambda.lastInvocation('slow')?.logs).toEqual([`2026-01-02T03:04:05.000Z\treq-${ids}\tINFO\tstart`, `2026-01-02T03:04:05.500Z req-${ids} Task timed out after 0.50 seconds`]);
  });

  it('uses Lambda defaults: 3 s timeout and 128 MB', async () => {
    const sandbox = new FakeSandbox({ outcome: { ok: false, error: { kind: 'timeout', name: 'TimeoutError', message: '' } }, logs: [], droppedLogs: 0, durationMs: 3000 });
    const lambda = runtime(sandbox);
    lambda.define('d', 'exports.handler = () => 1;');
    expect(await lambda.invoke(arn('d'), {})).toMatchObject({ errorMessage: 'Task timed out after 3.00 seconds' });
    expect(lambda.list()).toEqual([{ name: 'd', code: 'exports.handler = () => 1;', timeoutMs: 3000, memoryMb: 128 }]);
    expect(sandbox.jobs[0]?.call).toMatchObject({ export: 'handler', maxArity: 2, result: 'json' });
  });
});

describe('error texts', () => {
  const f = { name: 'f', code: '', timeoutMs: 3000, memoryMb: 128 };

  it('match the Node runtime for ES module imports', () => {
    expect(lambdaError({ kind: 'import', name: 'TypeError', message: '', specifier: 'uuid' }, 'module')).toEqual({ errorType: 'Runtime.ImportModuleError', errorMessage: "Error: Cannot find package 'uuid' imported from /var/task/index.mjs" });
    expect(lambdaError({ kind: 'import', name: 'TypeError', message: '', specifier: './util.mjs' }, 'module').errorMessage).toBe("Error: Cannot find module '/var/task/util.mjs' imported from /var/task/index.mjs");
    expect(lambdaError({ kind: 'import', name: 'TypeError', message: '', specifier: 'https://esm.sh/x' }, 'module')).toEqual({ errorType: 'Error', errorMessage: "Only URLs with a scheme in: file, data, and node are supported by the default ESM loader. Received protocol 'https:'" });
  });

  it('give an unhandled rejection as String(reason)', () => {
    expect(lambdaError({ kind: 'unhandled-rejection', name: 'Error', message: 'late' })).toEqual({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'Error: late' });
    expect(lambdaError({ kind: 'unhandled-rejection', name: 'string', message: 'late' })).toEqual({ errorType: 'Runtime.UnhandledPromiseRejection', errorMessage: 'late' });
  });

  it('log init failures as an Uncaught Exception outside the request', () => {
    const { report } = toInvocation(f, { outcome: { ok: false, format: 'module', error: { kind: 'syntax', name: 'SyntaxError', message: 'Unexpected token', line: 2, column: 3 } }, logs: [], droppedLogs: 0, durationMs: 1 }, 'r1', T0);
    expect(report).toMatchObject({ errorType: 'Runtime.UserCodeSyntaxError', line: 2, column: 3 });
    expect(report.logs[0]).toContain('\tundefined\tERROR\tUncaught Exception \t{"errorType":"Runtime.UserCodeSyntaxError"');
  });

  it('say how many log lines were not kept', () => {
    const { report } = toInvocation(f, { outcome: { ok: true, value: null }, logs: [], droppedLogs: 7, durationMs: 1 }, 'r1', T0);
    expect(report.logs).toEqual(['… 7 more log lines were not kept']);
  });

  it('map console levels to the runtime levels', () => {
    expect(logLine({ level: 'warn', text: 'w', time: T0 }, 'r')).toBe('2026-01-02T03:04:05.000Z\tr\tWARN\tw');
    expect(logLine({ level: 'log', text: 'l', time: T0 }, 'r')).toMatch(/\tINFO\tl$/);
  });
});

describe('validations and persistence', () => {
  it('refuses names and settings AWS refuses', () => {
    const lambda = runtime();
    expect(() => lambda.define('has space', '')).toThrow(RangeError);
    expect(() => lambda.define('x'.repeat(65), '')).toThrow(RangeError);
    expect(() => lambda.define('f', '', { timeoutMs: 0 })).toThrow(/Timeout/);
    expect(() => lambda.define('f', '', { timeoutMs: 900_001 })).toThrow(/Timeout/);
    expect(() => lambda.define('f', '', { memoryMb: 64 })).toThrow(/Memory/);
  });

  it('round-trips functions through a plain-data snapshot', () => {
    const a = runtime();
    a.define('b-fn', 'exports.handler = () => 2;', { timeoutMs: 60_000, memoryMb: 512 });
    a.define('a_fn', 'exports.handler = () => 1;');
    const snap = JSON.parse(JSON.stringify(a.snapshot()));
    const b = runtime();
    b.define('old', '');
    expect(b.load(snap)).toEqual([]);
    expect(b.list()).toEqual(a.list());
    expect(b.list().map((f) => f.name)).toEqual(['a_fn', 'b-fn']);
  });

  it('skips invalid functions in a snapshot and says which', () => {
    const lambda = runtime();
    const skipped = lambda.load({ version: 1, functions: [{ name: 'ok', code: '', timeoutMs: 3000, memoryMb: 128 }, { name: 'bad name', code: '', timeoutMs: 3000, memoryMb: 128 }] });
    expect(skipped).toEqual(['bad name']);
    expect(lambda.list().map((f) => f.name)).toEqual(['ok']);
  });

  it('forgets a removed function', async () => {
    const lambda = runtime();
    lambda.define('gone', 'exports.handler = () => 1;');
    await lambda.invoke(arn('gone'), {});
    expect(lambda.remove('gone')).toBe(true);
    expect(lambda.lastInvocation('gone')).toBeUndefined();
    expect(await lambda.invoke(arn('gone'), {})).toMatchObject({ errorCode: 'Lambda.ResourceNotFound' });
  });
});
