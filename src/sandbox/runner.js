// @ts-check
// The sandbox worker's bootstrap: one classic dedicated worker per run, made from a Blob URL inside
// the opaque-origin frame. Shipped as a string (`?raw`), so it must stay self-contained plain
// JavaScript: no import/export, no outside names. Protocol: src/sandbox/protocol.ts.
//
// It loads the user's code (CommonJS through `new Function`, ES modules through `import()` of a
// Blob URL), calls the requested export, streams console output and reports one outcome. It never
// enforces the time limit: the host terminates the worker. One file on purpose, longer than the
// house's usual: it travels as one string and keeps every helper private to one closure.
'use strict';
(() => {
  const post = self.postMessage.bind(self);
  const CJS_PARAMS = ['exports', 'require', 'module', '__filename', '__dirname'];
  // V8's messages for syntax only a module may contain; Node ≥ 22 retries such code as an ES
  // module (lib/internal/modules/helpers.js, "shouldRetryAsESM"). Chromium's V8 says the same.
  const ESM_HINTS = [
    'Cannot use import statement outside a module',
    "Unexpected token 'export'",
    "Cannot use 'import.meta' outside a module",
    "Identifier 'module' has already been declared",
    "Identifier 'exports' has already been declared",
    "Identifier 'require' has already been declared",
    "Identifier '__filename' has already been declared",
    "Identifier '__dirname' has already been declared",
    'await is only valid in async functions and the top level bodies of modules',
  ];
  const DEFAULT_FILENAMES = { commonjs: '/var/task/index.js', module: 'file:///var/task/index.mjs' };
  const MAX_TEXT = 16384;
  /** Lambda's maximum synchronous response (6 MB), in JSON characters. */
  const MAX_RESULT_CHARS = 6291556;

  let finished = false;
  let droppedLogs = 0;
  let keptLogs = 0;
  let maxLogs = 1000;
  let lineOffset = 2;
  let filename = '';

  self.onmessage = (e) => {
    const data = e.data;
    if (!data || data.type !== 'job') return;
    self.onmessage = null;
    start(data.job, data.port);
  };

  /** @param {any} job @param {MessagePort | undefined} port */
  async function start(job, port) {
    post({ type: 'started' });
    // A heartbeat while the event loop turns: the host stops a run whose beats stop (a loop that never yields).
    if (typeof job.heartbeatMs === 'number' && job.heartbeatMs > 0) setInterval(() => post({ type: 'beat' }), job.heartbeatMs);
    maxLogs = typeof job.maxLogEntries === 'number' ? job.maxLogEntries : 1000;
    lineOffset = measureLineOffset();
    installGlobals(job, port);
    if (job.modules && port) installModules(job.modules, port);
    self.addEventListener('error', (ev) => {
      ev.preventDefault();
      finish(failure('uncaught', ev.error !== undefined ? ev.error : new Error(ev.message)));
    });
    self.addEventListener('unhandledrejection', (ev) => {
      ev.preventDefault();
      finish(failure('unhandled-rejection', ev.reason));
    });
    const deadline = Date.now() + job.timeoutMs;
    try {
      finish(await execute(job, deadline));
    } catch (err) {
      finish(failure('thrown', err));
    }
  }

  /** @param {any} job @param {number} deadline */
  async function execute(job, deadline) {
    const names = job.filenames || DEFAULT_FILENAMES;
    const format = detect(job.code, job.format || 'auto', names.commonjs);
    filename = names[format.format];
    if (format.error) return failure('syntax', format.error, format.format);
    if (job.detectOnly) return { ok: true, value: null, format: format.format };
    let exports;
    try {
      exports = format.format === 'commonjs' ? loadCommonJs(/** @type {Function} */ (format.fn), names.commonjs) : await loadModule(job.code, names.module);
    } catch (err) {
      return loadFailure(err, format.format, job.code);
    }
    if (!job.call) return { ok: true, value: null, format: format.format };
    const call = job.call;
    const fn = resolveExport(exports, call.export);
    if (!fn) return failure('entry-missing', new Error(call.export + ' is undefined or not exported'), format.format);
    if (typeof fn !== 'function') return failure('entry-not-function', new Error(call.export + ' is not a function'), format.format);
    if (typeof call.maxArity === 'number' && fn.length > call.maxArity) return failure('entry-arity', new Error(call.export + ' declares ' + fn.length + ' parameters'), format.format);
    const args = call.args.slice();
    if (call.context) args.push(Object.assign({}, call.context, { getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) }));
    let value;
    try {
      value = await fn(...args);
    } catch (err) {
      return failure('thrown', err, format.format);
    }
    if (call.result === 'json') {
      try {
        const text = JSON.stringify(value === undefined ? null : value);
        // Lambda's limit on a synchronous response: checked here, before anything crosses to the page.
        if (text !== undefined && text.length > MAX_RESULT_CHARS) {
          const err = new Error(`Response payload size exceeded maximum allowed payload size (${MAX_RESULT_CHARS} bytes).`);
          err.name = 'Function.ResponseSizeTooLarge';
          return failure('thrown', err, format.format);
        }
        value = text === undefined ? null : JSON.parse(text);
      } catch (err) {
        return failure('result', err, format.format);
      }
    }
    return { ok: true, value, format: format.format };
  }

  /** @param {string} code @param {string} wanted @param {string} file @returns {{ format: 'commonjs' | 'module', fn?: Function, error?: unknown }} */
  function detect(code, wanted, file) {
    if (wanted === 'module') return { format: 'module' };
    try {
      return { format: 'commonjs', fn: new Function(...CJS_PARAMS, code + '\n//# sourceURL=' + file) };
    } catch (err) {
      const hinted = err instanceof SyntaxError && ESM_HINTS.includes(err.message);
      if (wanted === 'commonjs' || !hinted) return { format: 'commonjs', error: err };
      return { format: 'module' };
    }
  }

  /** @param {Function} fn @param {string} file */
  function loadCommonJs(fn, file) {
    const module = { exports: {}, id: '.', filename: file, loaded: false };
    const dirname = file.slice(0, file.lastIndexOf('/')) || '/';
    fn.call(module.exports, module.exports, makeRequire(file), module, file, dirname);
    module.loaded = true;
    return module.exports;
  }

  /** @param {string} code @param {string} file */
  async function loadModule(code, file) {
    code = linkModules(code);
    const url = URL.createObjectURL(new Blob([code + '\n//# sourceURL=' + file], { type: 'text/javascript' }));
    try {
      return await import(url);
    } finally {
      URL.revokeObjectURL(url);
    }
  }

  /** @param {unknown} err @param {'commonjs' | 'module'} format @param {string} code */
  function loadFailure(err, format, code) {
    if (err instanceof SyntaxError) return failure('syntax', err, format);
    const message = err instanceof Error ? err.message : '';
    const resolve = /Failed to resolve module specifier ['"]([^'"]+)['"]/.exec(message) || /Failed to fetch dynamically imported module: (\S+)/.exec(message);
    // A dependency that failed to load (a URL, refused by the CSP) is reported under the blob: URL
    // of the user's module; name the first static import instead.
    const staticImport = /(?:^|[;\n}])\s*(?:import|export)\s*(?:[\w$*{}\s,]+?\s*from\s*)?['"]([^'"\n]+)['"]/.exec(code);
    const resolved = resolve && resolve[1] && resolve[1].startsWith('blob:') && staticImport ? staticImport[1] : resolve && resolve[1];
    const specifier = resolved || (err && /** @type {any} */ (err).code === 'MODULE_NOT_FOUND' ? /** @type {any} */ (err).specifier : undefined);
    if (specifier !== undefined) {
      const out = failure('import', err, format);
      return { ...out, error: { ...out.error, specifier } };
    }
    return failure('thrown', err, format);
  }

  /** @param {any} exports @param {string} path */
  function resolveExport(exports, path) {
    const find = (/** @type {any} */ from) => path.split('.').reduce((o, key) => (o !== null && (typeof o === 'object' || typeof o === 'function') ? o[key] : undefined), from);
    let fn = find(exports);
    if (!fn && exports !== null && typeof exports === 'object' && 'default' in exports) fn = find(exports.default);
    return fn;
  }

  /** @param {string} kind @param {unknown} err @param {'commonjs' | 'module'} [format] */
  function failure(kind, err, format) {
    const isError = err instanceof Error || (err !== null && typeof err === 'object' && typeof (/** @type {any} */ (err).message) === 'string' && typeof (/** @type {any} */ (err).name) === 'string');
    /** @type {any} */
    const e = err;
    const error = isError
      ? { kind, name: String(e.name), message: String(e.message), stack: typeof e.stack === 'string' ? e.stack : undefined }
      : { kind, name: typeof err, message: safeString(err) };
    return { ok: false, error, format };
  }

  /** @param {any} outcome */
  function finish(outcome) {
    if (finished) return;
    finished = true;
    const meta = { lineOffset, filename, droppedLogs };
    try {
      post({ type: 'done', outcome, meta });
    } catch (err) {
      // A value structured clone refuses (a function, a DOM-less host object).
      post({ type: 'done', outcome: failure('result', err, outcome.format), meta });
    }
  }

  // Where `new Function` puts the first body line: V8 adds a 2-line header today; measure it.
  function measureLineOffset() {
    try {
      const stack = String(new Function(...CJS_PARAMS, 'return new Error().stack\n//# sourceURL=sandbox-probe.js')().toString());
      const m = /sandbox-probe\.js:(\d+):\d+/.exec(stack);
      return m ? Number(m[1]) - 1 : 2;
    } catch {
      return 2;
    }
  }

  // ---- modules the page offers (the AWS SDK bound to the simulation) -------------------------

  /** Module shims' Blob URLs, by specifier (for `import … from '@aws-sdk/client-kinesis'`). */
  /** @type {Record<string, string>} */
  const moduleUrls = {};

  /**
   * Each offered module as an object of stand-ins: a `…Client` whose `send(command)` asks the page
   * to run the command with its real SDK client (over the service port), `…Command` classes that
   * carry their input, and `…Exception` classes the page's errors are rebuilt as (so `instanceof`
   * and `err.name` work as with the real SDK).
   * @param {Record<string, string[]>} modules @param {MessagePort} port
   */
  function installModules(modules, port) {
    let next = 1;
    /** @type {Map<number, { resolve: (v: unknown) => void, reject: (e: unknown) => void, mod: any, signal?: AbortSignal }>} */
    const pending = new Map();
    port.onmessage = (e) => {
      const d = e.data;
      const p = d && pending.get(d.id);
      if (!p) return;
      pending.delete(d.id);
      if (d.ok && d.streams) {
        for (const field of Object.keys(d.streams)) {
          // Aborted before the answer came: the page ends the stream nobody will read.
          if (p.signal && p.signal.aborted) port.postMessage({ type: 'stream-return', id: next++, stream: d.streams[field] });
          else d.output[field] = eventStream(d.streams[field], p.mod, p.signal);
        }
      }
      if (d.ok) return p.resolve(d.output);
      const E = p.mod[d.error.name];
      const err = typeof E === 'function' ? new E({ message: d.error.message }) : new Error(d.error.message);
      if (typeof E !== 'function') err.name = d.error.name;
      Object.assign(err, d.error.fields || {});
      p.reject(err);
    };
    /** What the SDK throws for an aborted request (its handlers' AbortError). */
    const abortError = () => Object.assign(new Error('Request aborted'), { name: 'AbortError' });
    /**
     * Asks the page; the answer (or its error, rebuilt) settles the promise — or the abort signal
     * (the SDK's `send(command, { abortSignal })`) rejects it first with an AbortError.
     * @param {Record<string, unknown>} msg @param {any} mod @param {AbortSignal} [signal]
     */
    function request(msg, mod, signal) {
      if (signal && signal.aborted) return Promise.reject(abortError());
      const id = next++;
      return new Promise((resolve, reject) => {
        const onAbort = () => reject(abortError());
        const off = () => { if (signal) signal.removeEventListener('abort', onAbort); };
        if (signal) signal.addEventListener('abort', onAbort, { once: true });
        pending.set(id, { resolve: (v) => { off(); resolve(v); }, reject: (e) => { off(); reject(e); }, mod, signal });
        port.postMessage(Object.assign({ id }, msg));
      });
    }
    /**
     * An event stream the page holds (SubscribeToShard's EventStream) as the SDK's async iterable:
     * each `next()` pulls one event; `break` out of `for await`, or the request's abort signal,
     * ends the subscription (a read waiting then rejects with AbortError, as with the real SDK).
     * @param {number} stream @param {any} mod @param {AbortSignal} [signal]
     */
    function eventStream(stream, mod, signal) {
      let ended = false;
      const DONE = { done: true, value: undefined };
      const onAbort = () => void end();
      // Ended however it ends, the stream lets go of the signal (a script may reuse one).
      const finish = () => {
        ended = true;
        if (signal) signal.removeEventListener('abort', onAbort);
      };
      const end = () => {
        if (ended) return Promise.resolve(DONE);
        finish();
        return request({ type: 'stream-return', stream }, mod).then(() => DONE);
      };
      if (signal) signal.addEventListener('abort', onAbort, { once: true });
      const it = {
        next() {
          if (signal && signal.aborted) return Promise.reject(abortError());
          if (ended) return Promise.resolve(DONE);
          return request({ type: 'stream-next', stream }, mod, signal).then(
            (/** @type {any} */ r) => { if (r.done) finish(); return r.done ? DONE : { done: false, value: r.value }; },
            (/** @type {unknown} */ e) => { finish(); throw e; });
        },
        return: end,
        [Symbol.asyncIterator]() { return it; },
      };
      return { [Symbol.asyncIterator]: () => it };
    }
    /** @type {Record<string, any>} */
    const all = {};
    for (const spec of Object.keys(modules)) {
      /** @type {Record<string, any>} */
      const mod = {};
      const names = modules[spec];
      const base = names.find((n) => /ServiceException$/.test(n));
      if (base) mod[base] = { [base]: class extends Error { constructor(/** @type {any} */ o) { super(o && o.message); this.name = base; } } }[base];
      for (const name of names) {
        if (name === base) continue;
        if (/Command$/.test(name)) {
          mod[name] = { [name]: class { constructor(/** @type {any} */ input) { this.input = input === undefined ? {} : input; } } }[name];
          Object.defineProperty(mod[name].prototype, 'commandName', { value: name });
        } else if (/Client$/.test(name)) {
          mod[name] = { [name]: class {
            constructor(/** @type {any} */ config) { this.config = config || {}; }
            /** @param {any} command @param {{ abortSignal?: AbortSignal }} [options] */
            send(command, options) {
              if (!command || typeof command.commandName !== 'string') return Promise.reject(new TypeError('send() takes a command, e.g. new PutRecordsCommand({ … })'));
              return request({ type: 'sdk', module: spec, client: name, command: command.commandName, input: command.input }, mod, options && options.abortSignal);
            }
            destroy() {}
          } }[name];
        } else if (/Exception$/.test(name)) {
          const Parent = base ? mod[base] : Error;
          mod[name] = { [name]: class extends Parent { constructor(/** @type {any} */ o) { super(o); this.name = name; } } }[name];
        }
      }
      all[spec] = mod;
      const body = Object.keys(mod).map((n) => 'export const ' + n + ' = m.' + n + ';').join('\n');
      moduleUrls[spec] = URL.createObjectURL(new Blob(['const m = globalThis.__sandboxModules[' + JSON.stringify(spec) + '];\n' + body + '\nexport default m;\n'], { type: 'text/javascript' }));
    }
    /** @type {any} */ (globalThis).__sandboxModules = all;
  }

  /** Points the module's imports of offered modules at their shims (other specifiers stay as written). @param {string} code */
  function linkModules(code) {
    const specs = Object.keys(moduleUrls);
    if (specs.length === 0) return code;
    return code.replace(/(\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)(['"])([^'"\n]+)\2/g, (whole, head, q, spec) => (moduleUrls[spec] ? head + q + moduleUrls[spec] + q : whole));
  }

  // ---- globals: console, process, Buffer, require ------------------------------------------

  /** @param {any} job @param {MessagePort | undefined} port */
  function installGlobals(job, port) {
    const g = /** @type {any} */ (globalThis);
    for (const level of ['log', 'info', 'warn', 'error', 'debug', 'trace']) {
      g.console[level] = (/** @type {unknown[]} */ ...args) => emit(level, level === 'trace' ? 'Trace: ' + format(args) + '\n' + traceLines() : format(args));
    }
    g.console.dir = (/** @type {unknown} */ value) => emit('log', inspect(value, 2, []));
    g.console.assert = (/** @type {unknown} */ ok, /** @type {unknown[]} */ ...args) => {
      if (!ok) emit('error', args.length ? 'Assertion failed: ' + format(args) : 'Assertion failed');
    };
    g.global = globalThis;
    g.process = {
      env: Object.assign({}, job.env || {}),
      platform: 'linux',
      version: 'v24.0.0',
      versions: { node: '24.0.0' },
      argv: ['/var/lang/bin/node'],
      nextTick: (/** @type {Function} */ fn, /** @type {unknown[]} */ ...args) => queueMicrotask(() => fn(...args)),
      hrtime: { bigint: () => BigInt(Math.round(performance.now() * 1e6)) },
    };
    g.Buffer = makeBuffer();
    if (port) g.sandboxPort = port;
  }

  function traceLines() {
    return String(new Error().stack || '').split('\n').slice(3).join('\n');
  }

  /** @param {string} level @param {string} text */
  function emit(level, text) {
    if (finished) return;
    if (keptLogs >= maxLogs) {
      droppedLogs++;
      return;
    }
    keptLogs++;
    const clipped = text.length > MAX_TEXT ? text.slice(0, MAX_TEXT) + '… (' + (text.length - MAX_TEXT) + ' more characters)' : text;
    post({ type: 'log', entry: { level, text: clipped, time: Date.now() } });
  }

  /** @param {string} from */
  function makeRequire(from) {
    /** @type {Record<string, () => unknown>} */
    const builtins = {
      buffer: () => ({ Buffer: /** @type {any} */ (globalThis).Buffer }),
      util: () => ({ format: (/** @type {unknown[]} */ ...a) => format(a), inspect: (/** @type {unknown} */ v) => inspect(v, 2, []), TextEncoder, TextDecoder }),
      crypto: () => ({ randomUUID: () => crypto.randomUUID(), webcrypto: crypto, getRandomValues: (/** @type {any} */ a) => crypto.getRandomValues(a) }),
    };
    return (/** @type {string} */ id) => {
      const name = String(id).replace(/^node:/, '');
      const make = builtins[name];
      if (make) return make();
      const offered = /** @type {any} */ (globalThis).__sandboxModules;
      if (offered && Object.prototype.hasOwnProperty.call(offered, String(id))) return offered[String(id)];
      const err = /** @type {any} */ (new Error("Cannot find module '" + id + "'\nRequire stack:\n- " + from));
      err.code = 'MODULE_NOT_FOUND';
      err.specifier = String(id);
      throw err;
    };
  }

  // ---- util.format / util.inspect, simplified (one line; Node breaks long ones) -------------

  /** @param {unknown[]} args */
  function format(args) {
    if (args.length === 0) return '';
    let i = 0;
    let head = '';
    const first = args[0];
    if (typeof first === 'string' && args.length > 1 && first.includes('%')) {
      i = 1;
      head = first.replace(/%([sdifjoOc%])/g, (whole, c) => {
        if (c === '%') return '%';
        if (i >= args.length) return whole;
        const v = args[i++];
        switch (c) {
          case 's': return typeof v === 'string' ? v : typeof v === 'bigint' ? v + 'n' : typeof v === 'object' && v !== null ? inspect(v, 1, []) : String(v);
          case 'd': return typeof v === 'bigint' ? v + 'n' : typeof v === 'object' ? 'NaN' : String(Number(v));
          case 'i': return typeof v === 'bigint' ? v + 'n' : String(parseInt(String(v), 10));
          case 'f': return String(parseFloat(String(v)));
          case 'j': try { return JSON.stringify(v); } catch { return '[Circular]'; }
          case 'c': return '';
          default: return inspect(v, c === 'O' ? 2 : 4, []);
        }
      });
    } else {
      i = 1;
      head = typeof first === 'string' ? first : inspect(first, 2, []);
    }
    const rest = args.slice(i).map((v) => (typeof v === 'string' ? v : inspect(v, 2, [])));
    return [head, ...rest].join(' ');
  }

  /** @param {unknown} v @param {number} depth @param {unknown[]} seen @returns {string} */
  function inspect(v, depth, seen) {
    if (v === null) return 'null';
    switch (typeof v) {
      case 'string': return seen.length === 0 ? v : quote(v);
      case 'number': return Object.is(v, -0) ? '-0' : String(v);
      case 'bigint': return v + 'n';
      case 'undefined': return 'undefined';
      case 'boolean': return String(v);
      case 'symbol': return v.toString();
      case 'function': return /^class\b/.test(Function.prototype.toString.call(v)) ? '[class ' + (v.name || '(anonymous)') + ']' : '[Function: ' + (v.name || '(anonymous)') + ']';
    }
    const o = /** @type {any} */ (v);
    if (seen.includes(o)) return '[Circular *1]';
    if (o instanceof Error) return o.stack || String(o);
    if (o instanceof Date) return isNaN(o.getTime()) ? 'Invalid Date' : o.toISOString();
    if (o instanceof RegExp) return String(o);
    if (typeof o.then === 'function' && o instanceof Promise) return 'Promise { <pending> }';
    const inner = [...seen, o];
    const item = (/** @type {unknown} */ x) => inspect(x, depth - 1, inner);
    if (/** @type {any} */ (globalThis).Buffer && o instanceof /** @type {any} */ (globalThis).Buffer) {
      const bytes = Array.from(o.subarray(0, 50), (b) => b.toString(16).padStart(2, '0'));
      return '<Buffer' + (bytes.length ? ' ' + bytes.join(' ') : '') + (o.length > 50 ? ' ... ' + (o.length - 50) + ' more bytes' : '') + '>';
    }
    if (ArrayBuffer.isView(o) && !(o instanceof DataView)) {
      const arr = /** @type {any} */ (o);
      return arr.constructor.name + '(' + arr.length + ') ' + list(Array.from(arr.slice(0, 100), String), arr.length > 100 ? arr.length - 100 : 0, '[', ']');
    }
    if (depth < 0) return Array.isArray(o) ? '[Array]' : o instanceof Map ? '[Map]' : o instanceof Set ? '[Set]' : '[Object]';
    if (Array.isArray(o)) return list(o.slice(0, 100).map(item), o.length > 100 ? o.length - 100 : 0, '[', ']');
    if (o instanceof Map) return 'Map(' + o.size + ') ' + list([...o].slice(0, 100).map(([k, x]) => item(k) + ' => ' + item(x)), Math.max(0, o.size - 100), '{', '}');
    if (o instanceof Set) return 'Set(' + o.size + ') ' + list([...o].slice(0, 100).map(item), Math.max(0, o.size - 100), '{', '}');
    const proto = Object.getPrototypeOf(o);
    const prefix = proto === null ? '[Object: null prototype] ' : proto !== Object.prototype && proto.constructor && proto.constructor.name ? proto.constructor.name + ' ' : '';
    const keys = Object.keys(o);
    const body = list(keys.map((k) => (/^[A-Za-z_$][\w$]*$/.test(k) ? k : quote(k)) + ': ' + item(o[k])), 0, '{', '}');
    return prefix + body;
  }

  /** @param {string[]} items @param {number} more @param {string} open @param {string} close */
  function list(items, more, open, close) {
    if (more > 0) items.push('... ' + more + ' more item' + (more > 1 ? 's' : ''));
    return items.length ? open + ' ' + items.join(', ') + ' ' + close : open + close;
  }

  /** @param {string} s */
  function quote(s) {
    return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n') + "'";
  }

  /** @param {unknown} v */
  function safeString(v) {
    try {
      return String(v);
    } catch {
      return Object.prototype.toString.call(v);
    }
  }

  // ---- Buffer: the part of Node's Buffer that transforms use (from/toString/concat...) ---------

  function makeBuffer() {
    const enc = new TextEncoder();
    const dec = new TextDecoder();
    /** @param {unknown} e */
    const norm = (e) => String(e || 'utf8').toLowerCase().replace('-', '');
    class Buffer extends Uint8Array {
      /** @param {any} value @param {any} [encoding] @param {number} [length] */
      static from(value, encoding, length) {
        if (typeof value === 'string') return Buffer.fromBytes(encodeString(value, norm(encoding)));
        if (value instanceof ArrayBuffer) return new Buffer(value, encoding || 0, length === undefined ? value.byteLength - (encoding || 0) : length);
        if (value && value.type === 'Buffer' && Array.isArray(value.data)) return Buffer.fromBytes(Uint8Array.from(value.data));
        if (value && typeof value.length === 'number') return Buffer.fromBytes(Uint8Array.from(value));
        throw new TypeError('The first argument must be of type string or an instance of Buffer, ArrayBuffer, or Array or an Array-like Object.');
      }
      /** @param {Uint8Array<ArrayBuffer>} bytes */
      static fromBytes(bytes) {
        return new Buffer(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      }
      /** @param {number} size @param {any} [fill] */
      static alloc(size, fill) {
        const b = new Buffer(size);
        if (fill !== undefined) b.fill(typeof fill === 'string' ? fill.charCodeAt(0) : fill);
        return b;
      }
      /** @param {number} size */
      static allocUnsafe(size) {
        return new Buffer(size);
      }
      /** @param {any} value @param {any} [encoding] */
      static byteLength(value, encoding) {
        return typeof value === 'string' ? encodeString(value, norm(encoding)).length : value.byteLength;
      }
      /** @param {Uint8Array[]} list @param {number} [total] */
      static concat(list, total) {
        const size = total === undefined ? list.reduce((n, b) => n + b.length, 0) : total;
        const out = new Buffer(size);
        let at = 0;
        for (const b of list) {
          if (at >= size) break;
          out.set(b.subarray(0, size - at), at);
          at += b.length;
        }
        return out;
      }
      /** @param {unknown} v */
      static isBuffer(v) {
        return v instanceof Buffer;
      }
      /** @param {unknown} e */
      static isEncoding(e) {
        return ['utf8', 'base64', 'base64url', 'hex', 'latin1', 'binary', 'ascii'].includes(norm(e));
      }
      /** @param {any} [encoding] @param {number} [start] @param {number} [end] */
      toString(encoding, start, end) {
        const bytes = this.subarray(start || 0, end === undefined ? this.length : end);
        switch (norm(encoding)) {
          // The native encoder where the browser has one (the usual transform does this per record).
          case 'base64': return typeof bytes.toBase64 === 'function' ? bytes.toBase64() : btoa(binary(bytes));
          case 'base64url': return btoa(binary(bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
          case 'hex': return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
          case 'latin1': case 'binary': return binary(bytes);
          case 'ascii': return binary(bytes.map((b) => b & 0x7f));
          default: return dec.decode(bytes);
        }
      }
      toJSON() {
        return { type: 'Buffer', data: Array.from(this) };
      }
      /** @param {Uint8Array} other */
      equals(other) {
        return this.length === other.length && this.every((b, i) => b === other[i]);
      }
      /** @param {number} [start] @param {number} [end] Node's slice shares memory, like subarray. */
      slice(start, end) {
        return this.subarray(start, end);
      }
    }
    /** @param {Uint8Array} bytes */
    function binary(bytes) {
      let s = '';
      for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
      return s;
    }
    const STRICT_BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
    /** @param {string} s @param {string} encoding */
    function encodeString(s, encoding) {
      switch (encoding) {
        case 'base64':
        case 'base64url': {
          // Well-formed base64 (what Firehose sends) takes the browser's native decoder when it has one.
          if (encoding === 'base64' && typeof Uint8Array.fromBase64 === 'function' && s.length % 4 === 0 && STRICT_BASE64.test(s)) {
            return Uint8Array.fromBase64(s);
          }
          // Node is lenient: URL-safe letters, whitespace and missing padding are all accepted.
          const clean = s.replace(/-/g, '+').replace(/_/g, '/').replace(/[^A-Za-z0-9+/]/g, '');
          const padded = clean.length % 4 === 1 ? clean.slice(0, -1) : clean + '='.repeat((4 - (clean.length % 4)) % 4);
          const text = atob(padded);
          const out = new Uint8Array(text.length);
          for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
          return out;
        }
        case 'hex': {
          const out = new Uint8Array(Math.floor(s.length / 2));
          for (let i = 0; i < out.length; i++) {
            const byte = parseInt(s.substr(i * 2, 2), 16);
            if (Number.isNaN(byte)) return out.subarray(0, i);
            out[i] = byte;
          }
          return out;
        }
        case 'latin1': case 'binary': case 'ascii': return Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);
        default: return enc.encode(s);
      }
    }
    return Buffer;
  }
})();
