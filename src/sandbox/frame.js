// @ts-check
// The sandbox frame's script, inlined into the srcdoc of an <iframe sandbox="allow-scripts">: an
// opaque origin, so nothing here (nor in the workers it starts) can read the app's storage,
// cookies or DOM. Shipped as a string (`?raw`): self-contained plain JavaScript only, and never
// the text "</scr" + "ipt>". Protocol: src/sandbox/protocol.ts.
//
// The frame runs no user code itself: each run gets a fresh classic Worker from a Blob URL (module
// workers from blob: URLs fail to load in an opaque-origin frame in Chromium), terminated when the
// run ends or the host cancels it. The host keeps the clock, because timers in a hidden
// cross-origin frame may be throttled.
'use strict';
(() => {
  const VERSION = 1;
  const CJS_PREFIX = '(function (exports, require, module, __filename, __dirname) {';
  // A module is parsed without running the user's code: its first statement says "parsed" and the
  // second waits forever (a `throw` here would surface as an uncaught exception in the page's
  // console and in test runners).
  let parseSeq = 0;
  /** @type {MessagePort | null} */
  let port = null;
  let runnerUrl = '';
  /** @type {Map<number, { worker: Worker, logs: number }>} */
  const runs = new Map();

  addEventListener('message', (e) => {
    const d = e.data;
    if (e.source !== parent || port || !d || d.type !== 'connect' || !e.ports[0]) return;
    if (d.version !== VERSION) return;
    port = e.ports[0];
    runnerUrl = URL.createObjectURL(new Blob([d.runner], { type: 'text/javascript' }));
    port.onmessage = onHostMessage;
    port.postMessage({ type: 'ready', version: VERSION });
  });

  /** @param {MessageEvent} e */
  function onHostMessage(e) {
    const m = e.data;
    if (!m) return;
    if (m.type === 'run') startRun(m.id, m.job, e.ports[0]);
    else if (m.type === 'cancel') stopRun(m.id);
    else if (m.type === 'check') check(m.code).then((result) => send({ type: 'checked', id: m.id, result }));
  }

  /** @param {any} message */
  function send(message) {
    if (port) port.postMessage(message);
  }

  /** @param {number} id @param {any} job @param {MessagePort | undefined} servicePort */
  function startRun(id, job, servicePort) {
    const worker = new Worker(runnerUrl, { name: 'shardlab-sandbox' });
    const run = { worker, logs: 0, started: false, messages: 0, beatAt: 0 };
    const maxLogs = (typeof job.maxLogEntries === 'number' ? job.maxLogEntries : 1000) + 1;
    runs.set(id, run);
    worker.onmessage = async (e) => {
      const d = e.data;
      if (runs.get(id) !== run || !d) return;
      // Heartbeats (a long-running script's) are passed on at most every 200 ms, outside the cap.
      if (d.type === 'beat') {
        const t = Date.now();
        if (t - (run.beatAt || 0) >= 200) {
          run.beatAt = t;
          send({ type: 'beat', id });
        }
        return;
      }
      // User code can post messages of its own: past a cap, the run is ended rather than let it
      // keep this frame (and the page it reports to) busy.
      if (++run.messages > maxLogs + 10) {
        stopRun(id);
        send({ type: 'done', id, outcome: { ok: false, error: { kind: 'crashed', name: 'Error', message: 'The code posted too many messages and was stopped.' } } });
        return;
      }
      if (d.type === 'started') {
        if (run.started) return; // only the runner's own first one counts
        run.started = true;
        send({ type: 'started', id });
      }
      // User code can call postMessage itself; a flood of fake entries stops here.
      else if (d.type === 'log' && run.logs++ < maxLogs) send({ type: 'log', id, entry: d.entry });
      else if (d.type === 'done' && d.outcome) {
        stopRun(id);
        let outcome = d.outcome;
        // A parse error has no frame in the user's file; a SyntaxError thrown while running
        // (a top-level JSON.parse) has, and gets its position from its stack on the host.
        const file = (d.meta && d.meta.filename) || '\u0000';
        const unparsed = !outcome.ok && outcome.error && outcome.error.kind === 'syntax' && !String(outcome.error.stack || '').includes(file);
        if (unparsed && outcome.error.line === undefined) {
          send({ type: 'ending', id });
          const where = await locate(job.code, outcome.format || 'commonjs');
          if (where) outcome = { ...outcome, error: { ...outcome.error, message: where.message, line: where.line, column: where.column } };
        }
        send({ type: 'done', id, outcome, meta: d.meta });
      }
    };
    worker.onerror = (e) => {
      e.preventDefault();
      if (runs.get(id) !== run) return;
      stopRun(id);
      send({ type: 'done', id, outcome: { ok: false, error: { kind: 'crashed', name: 'Error', message: e.message || 'The sandbox worker failed.' } } });
    };
    worker.postMessage({ type: 'job', job, port: servicePort }, servicePort ? [servicePort] : []);
  }

  /** @param {number} id */
  function stopRun(id) {
    const run = runs.get(id);
    if (!run) return;
    runs.delete(id);
    run.worker.terminate();
  }

  // ---- syntax check: the runner decides the format, the frame finds the position --------------

  /** @param {string} code */
  function check(code) {
    return new Promise((resolve) => {
      const worker = new Worker(runnerUrl, { name: 'shardlab-sandbox-check' });
      const stop = setTimeout(() => finish({ ok: true, format: 'commonjs' }), 5000);
      /** @param {any} result */
      const finish = (result) => {
        clearTimeout(stop);
        worker.terminate();
        resolve(result);
      };
      worker.onmessage = async (e) => {
        const d = e.data;
        if (!d || d.type !== 'done') return;
        worker.terminate();
        const format = d.outcome.format || 'commonjs';
        // A module is only known to parse once the browser has parsed it as one.
        const problem = d.outcome.ok ? (format === 'module' ? await locate(code, 'module') : null) : (await locate(code, format)) || { name: d.outcome.error.name, message: d.outcome.error.message };
        finish(problem ? { ok: false, format, ...problem } : { ok: true, format });
      };
      worker.onerror = (e) => {
        e.preventDefault();
        finish({ ok: false, format: 'commonjs', name: 'Error', message: e.message || 'The syntax check failed.' });
      };
      worker.postMessage({ type: 'job', job: { code, timeoutMs: 5000, detectOnly: true } });
    });
  }

  /**
   * Where the syntax error is, and V8's own words for it: V8 puts no position on the SyntaxError of
   * `new Function` or `import()`, and `new Function` words an unbalanced body after its wrapper
   * ("Unexpected token ')'" where Node says "Unexpected end of input"). A script that fails to
   * parse is reported with both. CommonJS is parsed as a plain script in a throwaway worker (the
   * same grammar as a function body but for a top-level `return`, which gets a wrapper instead);
   * code only runs there if it parses, which `new Function` already said it does not. A module is
   * parsed as a module script in this document behind a leading `throw`, so nothing of it is
   * evaluated (and its imports cannot load: the frame's CSP allows blob: scripts only).
   * @param {string} code @param {'commonjs' | 'module'} format
   * @returns {Promise<{ name: string, message: string, line: number, column: number } | null>}
   */
  async function locate(code, format) {
    let found;
    if (format === 'module') {
      const signal = `__shardlabParsed${++parseSeq}`;
      const prefix = `${signal}();await new Promise(()=>{});`;
      found = await parseAt('module', prefix + code, prefix.length, signal);
    }
    else {
      found = await parseAt('script', code + '\n;postMessage(0);', 0);
      if (found && found.message === 'Illegal return statement') found = (await parseAt('script', CJS_PREFIX + code + '\n});postMessage(0);', CJS_PREFIX.length)) || found;
    }
    // "Unexpected end of input" points past the user's last line when a suffix was added: clamp.
    const lines = code.split('\n');
    if (found && found.line > lines.length) return { ...found, line: lines.length, column: (lines[lines.length - 1] || '').length + 1 };
    return found;
  }

  /**
   * @param {'script' | 'module'} kind @param {string} source @param {number} prefixLength (on line 1)
   * @param {string} [signal] (modules) the global the module calls once it parsed
   * @returns {Promise<{ name: string, message: string, line: number, column: number } | null>}
   */
  function parseAt(kind, source, prefixLength, signal) {
    const url = URL.createObjectURL(new Blob([source], { type: 'text/javascript' }));
    return new Promise((resolve) => {
      /** @type {Worker | undefined} */
      let worker;
      /** @type {HTMLScriptElement | undefined} */
      let script;
      /** @param {ErrorEvent | null} ev */
      const done = (ev) => {
        clearTimeout(stop);
        removeEventListener('error', onWindowError);
        if (signal) delete /** @type {any} */ (self)[signal];
        worker?.terminate();
        script?.remove();
        URL.revokeObjectURL(url);
        const m = ev && /^(?:Uncaught )?(SyntaxError): ([\s\S]*)$/.exec(ev.message || '');
        if (!ev || !m) return resolve(null);
        const line = ev.lineno;
        resolve({ name: m[1] || 'SyntaxError', message: m[2] || '', line, column: line === 1 ? Math.max(1, ev.colno - prefixLength) : ev.colno });
      };
      /** @param {ErrorEvent} ev */
      const onWindowError = (ev) => {
        if (ev.filename !== url) return;
        ev.preventDefault();
        done(ev);
      };
      const stop = setTimeout(() => done(null), 3000);
      if (kind === 'script') {
        worker = new Worker(url, { name: 'shardlab-sandbox-locate' });
        worker.onmessage = () => done(null); // it parsed: no error is coming
        worker.onerror = (ev) => {
          ev.preventDefault();
          done(ev);
        };
      } else {
        addEventListener('error', onWindowError);
        /** @type {any} */ (self)[signal || '__shardlabParsed'] = () => setTimeout(() => done(null), 0);
        script = document.createElement('script');
        script.type = 'module';
        script.src = url;
        // A parse error fires the error event above; a failed import (no network here) is no syntax error.
        script.onerror = () => setTimeout(() => done(null), 0);
        document.head.append(script);
      }
    });
  }
})();
