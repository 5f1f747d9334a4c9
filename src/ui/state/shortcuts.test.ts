import { describe, expect, it } from 'vitest';
import { shortcutFor, type KeyLike } from './shortcuts';

const key = (k: string, more: Partial<KeyLike> = {}): KeyLike => ({
  key: k, ctrlKey: false, metaKey: false, altKey: false, targetTag: 'BODY', targetEditable: false, ...more,
});

describe('time shortcuts', () => {
  it('maps the keys', () => {
    expect(shortcutFor(key(' '))).toBe('toggle');
    expect(shortcutFor(key('ArrowRight'))).toBe('step');
    expect(shortcutFor(key('+'))).toBe('faster');
    expect(shortcutFor(key('='))).toBe('faster');
    expect(shortcutFor(key('-'))).toBe('slower');
    expect(shortcutFor(key('x'))).toBeUndefined();
  });
  it('stays out of the way while typing', () => {
    for (const tag of ['INPUT', 'TEXTAREA', 'SELECT']) expect(shortcutFor(key('+', { targetTag: tag }))).toBeUndefined();
    expect(shortcutFor(key(' ', { targetTag: 'DIV', targetEditable: true }))).toBeUndefined();
  });
  it('leaves space to a focused button, but arrows still step', () => {
    expect(shortcutFor(key(' ', { targetTag: 'BUTTON' }))).toBeUndefined();
    expect(shortcutFor(key('ArrowRight', { targetTag: 'BUTTON' }))).toBe('step');
  });
  it('ignores combinations with modifier keys', () => {
    expect(shortcutFor(key('+', { ctrlKey: true }))).toBeUndefined();
    expect(shortcutFor(key('ArrowRight', { altKey: true }))).toBeUndefined();
  });
});
