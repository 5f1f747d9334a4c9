import { describe, expect, it } from 'vitest';
import { ResourceInUseException } from '@aws-sdk/client-kinesis';
import { describeError, errorName, errorText } from './errors';

describe('errors for people', () => {
  it('shows an SDK exception with its AWS name and message', () => {
    const e = new ResourceInUseException({ message: 'Stream demo under account 123456789012 already exists.', $metadata: {} });
    expect(errorText(e)).toBe('ResourceInUseException: Stream demo under account 123456789012 already exists.');
    expect(errorName(e)).toBe('ResourceInUseException');
  });
  it('copes with plain errors, strings and odd values', () => {
    expect(errorText(new TypeError('bad'))).toBe('TypeError: bad');
    expect(errorText('oops')).toBe('Error: oops');
    expect(describeError(undefined)).toEqual({ name: 'Error', message: 'undefined' });
    expect(describeError({ message: '' })).toEqual({ name: 'Error', message: '(no message)' });
    expect(errorName(42)).toBe('');
  });
});
