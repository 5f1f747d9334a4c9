/**
 * The code sandbox and the Lambda runtime on it, in the built app (through
 * `window.shardlabSandbox`): handlers run in ES module and CommonJS form, console output and
 * errors come back, a runaway loop is stopped at the timeout while the page stays responsive,
 * and the code cannot reach the app's storage, cookies, DOM or origin.
 */
import { expect, test, type Page } from '@playwright/test';
import type { LambdaInvocation } from '../../src/lambda/lambdaTypes';
import { openApp } from './helpers';

async function openSandbox(page: Page): Promise<void> {
  await openApp(page);
  await page.waitForFunction(() => window.shardlabSandbox !== undefined, undefined, { timeout: 10_000 });
}

/** Defines `name` with `code` and invokes it with `event`, in the page. */
function invoke(page: Page, name: string, code: string, event: unknown = {}, timeoutMs?: number): Promise<LambdaInvocation> {
  return page.evaluate(
    async ({ name, code, event, timeoutMs }) => {
      const lambda = window.shardlabSandbox!.lambda;
      lambda.define(name, code, timeoutMs === undefined ? {} : { timeoutMs });
      return lambda.invokeFunction(name, event);
    },
    { name, code, event, timeoutMs },
  );
}

const EVENT = {
  invocationId: 'inv-1',
  deliveryStreamArn: 'arn:aws:firehose:us-east-1:123456789012:deliverystream/ds',
  region: 'us-east-1',
  records: [
    { recordId: 'r1', approximateArrivalTimestamp: 1, data: Buffer.from('hello').toString('base64') },
    { recordId: 'r2', approximateArrivalTimestamp: 2, data: Buffer.from('world').toString('base64') },
  ],
};
const UPPER = { records: [{ recordId: 'r1', result: 'Ok', data: Buffer.from('HELLO\n').toString('base64') }, { recordId: 'r2', result: 'Ok', data: Buffer.from('WORLD\n').toString('base64') }] };

test.describe('Lambda in the code sandbox', () => {
  test.beforeEach(async ({ page }) => openSandbox(page));

  test('an ES module handler transforms a Firehose batch', async ({ page }) => {
    const code = `export const handler = async (event, context) => {
  const records = event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: btoa(atob(r.data).toUpperCase() + '\\n') }));
  return { records };
};`;
    const { result, report } = await invoke(page, 'esm-upper', code, EVENT);
    expect(result).toEqual({ ok: true, payload: UPPER });
    expect(report).toMatchObject({ name: 'esm-upper', ok: true });
  });

  test('a CommonJS handler with Buffer does the same, and the Firehose ARN finds it', async ({ page }) => {
    const code = `exports.handler = async (event) => ({
  records: event.records.map((r) => ({ recordId: r.recordId, result: 'Ok', data: Buffer.from(Buffer.from(r.data, 'base64').toString('utf8').toUpperCase() + '\\n').toString('base64') })),
});`;
    const result = await page.evaluate(
      async ({ code, event }) => {
        const lambda = window.shardlabSandbox!.lambda;
        lambda.define('cjs-upper', code);
        return lambda.invoke('arn:aws:lambda:us-east-1:123456789012:function:cjs-upper', event);
      },
      { code, event: EVENT },
    );
    expect(result).toEqual({ ok: true, payload: UPPER });
  });

  test('console output comes back with the invocation, in CloudWatch form', async ({ page }) => {
    const code = `export const handler = async (event) => {
  console.log('got', event.records.length, 'records', { first: event.records[0].recordId });
  console.error('and a warning of sorts');
  return null;
};`;
    const { report } = await invoke(page, 'logger', code, EVENT);
    expect(report?.logs).toHaveLength(2);
    expect(report?.logs[0]).toMatch(new RegExp(`^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z\\t${report?.requestId}\\tINFO\\tgot 2 records \\{ first: 'r1' \\}$`));
    expect(report?.logs[1]).toMatch(/\tERROR\tand a warning of sorts$/);
    expect(await page.evaluate(() => window.shardlabSandbox!.lambda.lastInvocation('logger')?.logs.length)).toBe(2);
  });

  test('a thrown error comes back as FunctionError with its name, message and line', async ({ page }) => {
    const code = `export const handler = async () => {
  const n = 1;
  throw new TypeError('boom');
};`;
    const { result, report } = await invoke(page, 'thrower', code);
    expect(result).toEqual({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: 'TypeError: boom' });
    expect(report).toMatchObject({ errorType: 'TypeError', line: 3, column: 9 });
    expect(report?.trace?.[1]).toContain('file:///var/task/index.mjs:3:9');
    expect(report?.logs.at(-1)).toContain('\tERROR\tInvoke Error \t{"errorType":"TypeError","errorMessage":"boom"');
  });

  test('a CommonJS error has the line in the user code too', async ({ page }) => {
    const { result, report } = await invoke(page, 'cjs-thrower', 'exports.handler = () => {\n  return null.x;\n};');
    expect(result).toMatchObject({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: expect.stringMatching(/^TypeError: Cannot read properties of null/) });
    expect(report).toMatchObject({ line: 2 });
  });

  test('a module without a handler export fails as the Node runtime says', async ({ page }) => {
    const { result } = await invoke(page, 'nohandler', 'export const main = async () => 1;');
    expect(result).toEqual({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: 'Runtime.HandlerNotFound: index.handler is undefined or not exported' });
  });

  test('an import the sandbox cannot resolve fails as an ImportModuleError', async ({ page }) => {
    const { result } = await invoke(page, 'importer', "import { S3Client } from '@aws-sdk/client-s3';\nexport const handler = async () => 1;");
    expect(result).toEqual({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: "Runtime.ImportModuleError: Error: Cannot find package '@aws-sdk/client-s3' imported from /var/task/index.mjs" });
  });

  test('loading failures read as they do on Lambda', async ({ page }) => {
    const url = await invoke(page, 'url-import', "import { v4 } from 'https://esm.sh/uuid';\nexport const handler = async () => v4();");
    expect(url.result).toEqual({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: "Error: Only URLs with a scheme in: file, data, and node are supported by the default ESM loader. Received protocol 'https:'" });
    // The Node runtime calls any SyntaxError while loading a UserCodeSyntaxError, a thrown one too.
    const parse = await invoke(page, 'bad-json', "const config = JSON.parse('{oops');\nexport const handler = async () => config;");
    expect(parse.result).toMatchObject({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: expect.stringMatching(/^Runtime\.UserCodeSyntaxError: SyntaxError: Expected property name/) });
    expect(parse.report).toMatchObject({ line: 1, column: 21 });
  });

  test('check() finds syntax errors with line and column, before anything runs', async ({ page }) => {
    const checks = await page.evaluate(async () => {
      const lambda = window.shardlabSandbox!.lambda;
      return Promise.all([
        lambda.check('export const handler = async () => {\n  let x = ;\n};'),
        lambda.check('exports.handler = () => {\n  if (true) {\n    return 1;\n};'),
        lambda.check('export const handler = async (event) => event;'),
        lambda.check('exports.handler = (event) => event;'),
        lambda.check('const x = 1;\nreturn;\nlet = ;'),
      ]);
    });
    expect(checks[0]).toEqual({ ok: false, format: 'module', name: 'SyntaxError', message: "Unexpected token ';'", line: 2, column: 11 });
    expect(checks[1]).toEqual({ ok: false, format: 'commonjs', name: 'SyntaxError', message: 'Unexpected end of input', line: 4, column: 3 });
    expect(checks[2]).toEqual({ ok: true, format: 'module' });
    expect(checks[3]).toEqual({ ok: true, format: 'commonjs' });
    expect(checks[4]).toMatchObject({ ok: false, format: 'commonjs', line: 3 });
    const { result, report } = await invoke(page, 'broken', 'export const handler = async () => {\n  let x = ;\n};');
    expect(result).toEqual({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: "Runtime.UserCodeSyntaxError: SyntaxError: Unexpected token ';'" });
    expect(report).toMatchObject({ line: 2, column: 11 });
  });

  test('an error thrown outside the handler call, or a rejection nobody handles, ends the invocation', async ({ page }) => {
    const late = await invoke(page, 'late-throw', 'export const handler = () => new Promise(() => {\n  setTimeout(() => { throw new RangeError("late"); }, 10);\n});');
    expect(late.result).toEqual({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: 'RangeError: late' });
    expect(late.report).toMatchObject({ line: 2 });
    const rejected = await invoke(page, 'unhandled', 'exports.handler = async () => {\n  Promise.reject(new Error("nobody listens"));\n  await new Promise((r) => setTimeout(r, 100));\n  return "too late";\n};');
    expect(rejected.result).toEqual({ ok: false, errorCode: 'Lambda.FunctionError', errorMessage: 'Runtime.UnhandledPromiseRejection: Error: nobody listens' });
  });

  test('an unknown function is ResourceNotFound', async ({ page }) => {
    const result = await page.evaluate(() => window.shardlabSandbox!.lambda.invoke('arn:aws:lambda:us-east-1:123456789012:function:missing', {}));
    expect(result).toEqual({ ok: false, errorCode: 'Lambda.ResourceNotFound', errorMessage: 'Function not found: arn:aws:lambda:us-east-1:123456789012:function:missing' });
  });

  test('invocations run side by side', async ({ page }) => {
    const payloads = await page.evaluate(async () => {
      const lambda = window.shardlabSandbox!.lambda;
      lambda.define('echo', 'exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 50)); return e.n * 10; };');
      const results = await Promise.all([1, 2, 3, 4, 5, 6].map((n) => lambda.invoke('arn:aws:lambda:us-east-1:123456789012:function:echo', { n })));
      return results.map((r) => (r.ok ? r.payload : r.errorMessage));
    });
    expect(payloads).toEqual([10, 20, 30, 40, 50, 60]);
  });
});

test.describe('the time limit', () => {
  test.beforeEach(async ({ page }) => openSandbox(page));

  test('while(true) is stopped at the timeout and the page keeps working meanwhile', async ({ page }) => {
    await page.evaluate(() => {
      const w = window as unknown as { frames_: number; pending: Promise<unknown>; took: number };
      const lambda = window.shardlabSandbox!.lambda;
      lambda.define('spin', 'export const handler = async () => {\n  console.log("spinning");\n  while (true) {}\n};', { timeoutMs: 500 });
      w.frames_ = 0;
      const started = performance.now();
      let spinning = true;
      const tick = (): void => {
        w.frames_++;
        if (spinning) requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      w.pending = lambda.invokeFunction('spin', {}).then((r) => {
        spinning = false;
        w.took = performance.now() - started;
        return r;
      });
    });
    // The page answers while the worker spins.
    const asked = Date.now();
    expect(await page.evaluate(() => 1 + 1)).toBe(2);
    expect(Date.now() - asked).toBeLessThan(250);
    const { invocation, frames, took } = await page.evaluate(async () => {
      const w = window as unknown as { frames_: number; pending: Promise<LambdaInvocation>; took: number };
      const invocation = await w.pending;
      return { invocation, frames: w.frames_, took: w.took };
    });
    expect(invocation.result).toEqual({ ok: false, errorCode: 'Lambda.FunctionTimedOut', errorMessage: 'Task timed out after 0.50 seconds' });
    expect(took).toBeGreaterThanOrEqual(500);
    expect(took).toBeLessThan(1000);
    expect(frames).toBeGreaterThan(5); // animation frames kept coming during the loop
    expect(invocation.report?.logs[0]).toMatch(/\tINFO\tspinning$/);
    expect(invocation.report?.logs.at(-1)).toMatch(/ Task timed out after 0\.50 seconds$/);
    // The sandbox is still there for the next invocation.
    const next = await invoke(page, 'after', 'exports.handler = () => "still here";');
    expect(next.result).toEqual({ ok: true, payload: 'still here' });
  });

  test('a loop in the module body (before the handler) is stopped too', async ({ page }) => {
    const { result } = await invoke(page, 'spin-init', 'let i = 0;\nwhile (true) { i++; }\nexports.handler = () => i;', {}, 500);
    expect(result).toEqual({ ok: false, errorCode: 'Lambda.FunctionTimedOut', errorMessage: 'Task timed out after 0.50 seconds' });
  });
});

test.describe('isolation', () => {
  test.beforeEach(async ({ page }) => openSandbox(page));

  test("user code cannot reach the app's IndexedDB, cookies, DOM or origin", async ({ page }) => {
    const appOrigin = new URL(page.url()).origin;
    await page.evaluate(() => {
      document.cookie = 'shardlab-secret=1';
    });
    const code = `export const handler = async () => {
  const out = {};
  const attempt = async (key, f) => {
    try { out[key] = 'reached: ' + String(await f()); } catch (e) { out[key] = e.name + ': ' + e.message; }
  };
  await attempt('indexedDB', () => new Promise((resolve, reject) => { const r = indexedDB.open('x'); r.onsuccess = () => resolve('opened'); r.onerror = () => reject(r.error); }));
  await attempt('parentDocument', () => parent.document.title);
  await attempt('cookie', () => document.cookie);
  await attempt('fetchOrigin', () => fetch(location.origin).then((r) => r.status));
  await attempt('fetchApp', () => fetch(${JSON.stringify(appOrigin)} + '/').then((r) => r.status));
  // An opaque-origin fetch also fails for CORS; a no-cors one would resolve (status 0) if the
  // request went out at all — only the frame's CSP (connect: 'none') refuses it.
  await attempt('fetchNoCors', () => fetch(${JSON.stringify(appOrigin)} + '/', { mode: 'no-cors' }).then((r) => r.type));
  await attempt('webSocket', () => new Promise((resolve, reject) => { const ws = new WebSocket(${JSON.stringify(appOrigin.replace(/^http/, 'ws'))}); ws.onopen = () => resolve('open'); ws.onerror = () => reject(new Error('websocket error')); }));
  await attempt('importScripts', () => { importScripts(${JSON.stringify(appOrigin)} + '/x.js'); return 'imported'; });
  out.origin = self.origin;
  return out;
};`;
    const { result } = await invoke(page, 'snoop', code);
    expect(result.ok).toBe(true);
    const out = (result as { payload: Record<string, string> }).payload;
    expect(out.indexedDB).toMatch(/^SecurityError: .*access to the Indexed Database API is denied/);
    expect(out.parentDocument).toBe('ReferenceError: parent is not defined');
    expect(out.cookie).toBe('ReferenceError: document is not defined');
    // The worker's location is blob:null/…, so its origin is the string "null": not even a URL.
    expect(out.fetchOrigin).toBe("TypeError: Failed to execute 'fetch' on 'WorkerGlobalScope': Failed to parse URL from null");
    expect(out.fetchApp).toBe('TypeError: Failed to fetch');
    expect(out.fetchNoCors).toBe('TypeError: Failed to fetch');
    expect(out.webSocket).toMatch(/^(SecurityError|Error): /);
    expect(out.importScripts).toMatch(/^(NetworkError|SecurityError|ReferenceError): /);
    expect(out.origin).toBe('null');
  });

  test('the frame around the workers is an opaque origin the page cannot script into either', async ({ page }) => {
    await invoke(page, 'noop', 'exports.handler = () => 1;');
    const frame = await page.evaluate(() => {
      const el = document.querySelector<HTMLIFrameElement>('iframe[title="Shardlab code sandbox"]');
      return { sandbox: el?.getAttribute('sandbox'), contentDocument: el?.contentDocument === null, hidden: el ? getComputedStyle(el).display : undefined };
    });
    expect(frame).toEqual({ sandbox: 'allow-scripts', contentDocument: true, hidden: 'none' });
  });
});
