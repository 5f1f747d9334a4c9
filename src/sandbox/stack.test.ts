import { describe, expect, it } from 'vitest';
import { FRAME_SOURCE, frameDocument, RUNNER_SOURCE } from './frameDocument.js';
import { finalizeOutcome, mapStack } from './stack.js';

describe('mapStack', () => {
  const v8 = ['TypeError: boom', '    at exports.handler (/var/task/index.js:5:11)', '    at run (blob:null/1234-abcd:88:20)', '    at async start (blob:null/1234-abcd:40:7)'].join('\n');

  it('shifts CommonJS lines back by the wrapper and takes the position from the first user frame', () => {
    expect(mapStack(v8, '/var/task/index.js', 2)).toEqual({ trace: ['TypeError: boom', '    at exports.handler (/var/task/index.js:3:11)'], line: 3, column: 11 });
  });

  it('leaves module lines as they are', () => {
    const stack = 'Error: x\n    at inner (file:///var/task/index.mjs:2:9)\n    at Module.handler (file:///var/task/index.mjs:7:3)';
    expect(mapStack(stack, 'file:///var/task/index.mjs', 0)).toMatchObject({ line: 2, column: 9, trace: ['Error: x', '    at inner (file:///var/task/index.mjs:2:9)', '    at Module.handler (file:///var/task/index.mjs:7:3)'] });
  });

  it('keeps a multi-line message whole', () => {
    expect(mapStack('Error: line one\nline two\n    at h (/var/task/index.js:4:1)', '/var/task/index.js', 2).trace).toEqual(['Error: line one', 'line two', '    at h (/var/task/index.js:2:1)']);
  });

  it('has no position when no frame is in the user file (an error from a built-in)', () => {
    expect(mapStack('Error: nope\n    at require (blob:null/x:1:2)', '/var/task/index.js', 2)).toEqual({ trace: ['Error: nope'] });
  });
});

describe('finalizeOutcome', () => {
  it('drops the raw stack and adds trace and position', () => {
    const out = finalizeOutcome({ ok: false, format: 'commonjs', error: { kind: 'thrown', name: 'Error', message: 'x', stack: 'Error: x\n    at h (/var/task/index.js:9:2)' } }, { lineOffset: 2, filename: '/var/task/index.js', droppedLogs: 0 });
    expect(out).toEqual({ ok: false, format: 'commonjs', error: { kind: 'thrown', name: 'Error', message: 'x', trace: ['Error: x', '    at h (/var/task/index.js:7:2)'], line: 7, column: 2 } });
  });

  it('keeps the position a syntax check found', () => {
    const out = finalizeOutcome({ ok: false, format: 'module', error: { kind: 'syntax', name: 'SyntaxError', message: 'm', line: 2, column: 11, stack: 'SyntaxError: m' } }, undefined);
    expect(out).toEqual({ ok: false, format: 'module', error: { kind: 'syntax', name: 'SyntaxError', message: 'm', line: 2, column: 11, trace: ['SyntaxError: m'] } });
  });

  it('takes the position of a SyntaxError thrown while loading (a top-level JSON.parse) from its stack', () => {
    const stack = 'SyntaxError: Unexpected token x\n    at JSON.parse (<anonymous>)\n    at file:///var/task/index.mjs:1:19';
    const out = finalizeOutcome({ ok: false, format: 'module', error: { kind: 'syntax', name: 'SyntaxError', message: 'Unexpected token x', stack } }, { lineOffset: 2, filename: 'file:///var/task/index.mjs', droppedLogs: 0 });
    expect(out).toMatchObject({ error: { line: 1, column: 19 } });
  });
});

describe('frameDocument', () => {
  it('inlines the frame script under a CSP that allows no network', () => {
    const html = frameDocument();
    expect(html).toContain("default-src 'none'");
    expect(html).toContain(FRAME_SOURCE);
  });

  it('refuses a script that would end the script element early', () => {
    expect(() => frameDocument('let s = "</script>";')).toThrow(/must not contain/);
  });

  it('ships both bootstraps as plain scripts (no import/export statements)', () => {
    for (const source of [FRAME_SOURCE, RUNNER_SOURCE]) expect(source).not.toMatch(/^\s*(import|export)\s/m);
  });
});
