import { describe, expect, it } from 'vitest';
import { hasErrors, validateStreamForm } from './streamForm';

const ok = { name: 'demo', shards: 4, retentionHours: 24 };

describe('create-stream form', () => {
  it('accepts AWS-valid names', () => {
    expect(hasErrors(validateStreamForm(ok))).toBe(false);
    expect(hasErrors(validateStreamForm({ ...ok, name: 'a.b_c-D9' }))).toBe(false);
    expect(hasErrors(validateStreamForm({ ...ok, name: 'x'.repeat(128) }))).toBe(false);
  });
  it('rejects names AWS rejects', () => {
    expect(validateStreamForm({ ...ok, name: '' }).name).toMatch(/name/);
    expect(validateStreamForm({ ...ok, name: 'has space' }).name).toMatch(/Only letters/);
    expect(validateStreamForm({ ...ok, name: 'x'.repeat(129) }).name).toMatch(/128/);
  });
  it('bounds shards and retention', () => {
    expect(validateStreamForm({ ...ok, shards: 0 }).shards).toBeDefined();
    expect(validateStreamForm({ ...ok, shards: 65 }).shards).toBeDefined();
    expect(validateStreamForm({ ...ok, shards: 1.5 }).shards).toBeDefined();
    expect(validateStreamForm({ ...ok, retentionHours: 23 }).retentionHours).toBeDefined();
    expect(validateStreamForm({ ...ok, retentionHours: 8761 }).retentionHours).toBeDefined();
    expect(validateStreamForm({ ...ok, retentionHours: 8760 }).retentionHours).toBeUndefined();
  });
});
