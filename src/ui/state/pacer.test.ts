import { describe, expect, it } from 'vitest';
import { Pacer } from './pacer';

const roomy = { maxInFlight: 4, perRequest: 500, maxBacklog: 10_000 };

describe('Pacer', () => {
  it('sends records per virtual second', () => {
    const p = new Pacer(200, 0);
    expect(p.tick(1000, 0, roomy).send).toBe(200);
    expect(p.tick(1500, 0, roomy).send).toBe(100);
  });

  it('carries fractions so slow rates are exact over time', () => {
    const p = new Pacer(3, 0);
    let sent = 0;
    for (let t = 50; t <= 10_000; t += 50) sent += p.tick(t, 0, roomy).send;
    expect(sent).toBe(30);
  });

  it('sends nothing while virtual time stands still (paused)', () => {
    const p = new Pacer(1000, 5000);
    expect(p.tick(5000, 0, roomy).send).toBe(0);
    expect(p.tick(5000, 0, roomy).send).toBe(0);
  });

  it('follows the clock speed: 10 virtual seconds are 10 seconds of records', () => {
    const p = new Pacer(100, 0);
    expect(p.tick(10_000, 0, roomy).send).toBe(1000);
  });

  it('keeps a backlog when the request slots are full', () => {
    const p = new Pacer(1000, 0);
    const t = p.tick(3000, 3, { maxInFlight: 4, perRequest: 500, maxBacklog: 10_000 });
    expect(t.send).toBe(500);
    expect(t.backlog).toBe(2500);
    expect(p.tick(3000, 4, roomy).send).toBe(0);
    expect(p.tick(3000, 0, roomy).send).toBe(2000);
    expect(p.pending).toBe(500);
  });

  it('drops what falls beyond the backlog limit and says how many', () => {
    const p = new Pacer(1000, 0);
    const t = p.tick(10_000, 4, { maxInFlight: 4, perRequest: 500, maxBacklog: 2000 });
    expect(t).toEqual({ send: 0, backlog: 2000, dropped: 8000 });
  });

  it('applies a new rate from the moment it is set', () => {
    const p = new Pacer(100, 0);
    p.setRate(1000, 1000); // 100 due at the old rate
    expect(p.tick(2000, 0, roomy).send).toBe(1100);
  });
});
