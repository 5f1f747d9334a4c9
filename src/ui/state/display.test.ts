import { describe, expect, it } from 'vitest';
import { Display } from './display.svelte';

function fakeWindow(search = '', reduced = false, stored: string | null = null) {
  const store = new Map<string, string>(stored ? [['shardlab:display', stored]] : []);
  return {
    location: { search } as Location,
    matchMedia: (q: string) => ({ matches: reduced && q.includes('reduce') }) as MediaQueryList,
    localStorage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => { store.set(k, v); } } as Storage,
    store,
  };
}

describe('display settings', () => {
  it('follow the system for motion, the URL over saved choices, and remember toggles', () => {
    expect(new Display(fakeWindow('', true)).reducedMotion).toBe(true);
    expect(new Display(fakeWindow('', false)).reducedMotion).toBe(false);
    expect(new Display(fakeWindow('?motion=reduced')).reducedMotion).toBe(true);
    expect(new Display(fakeWindow('?presenter=1')).presenter).toBe(true);
    const w = fakeWindow();
    const d = new Display(w);
    d.togglePresenter();
    d.toggleMotion();
    const again = new Display(w);
    expect(again.presenter).toBe(true);
    expect(again.reducedMotion).toBe(true);
    expect(new Display(fakeWindow('?presenter=0', false, '{"presenter":true}')).presenter).toBe(false);
    expect(new Display(fakeWindow('', false, 'not json')).presenter).toBe(false);
  });
});
