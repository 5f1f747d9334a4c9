import { describe, expect, it } from 'vitest';
import { fieldLines, parseSearchBox, patternFor } from './openSearchView';

describe('the OpenSearch search box', () => {
  it('reads free text, field:value (match) and field="value" (term)', () => {
    expect(parseSearchBox('', 'quotes*')).toEqual({ index: 'quotes*', size: 20 });
    expect(parseSearchBox('amzn msft', '')).toEqual({ text: 'amzn msft', size: 20 });
    expect(parseSearchBox('ticker: AMZN', 'q*')).toMatchObject({ match: { field: 'ticker', value: 'AMZN' } });
    expect(parseSearchBox('ticker="AMZN"', 'q*')).toMatchObject({ term: { field: 'ticker', value: 'AMZN' } });
    expect(patternFor('quotes')).toBe('quotes*');
  });

  it('flattens a document for a card', () => {
    expect(fieldLines({ a: 1, b: { c: 'x' }, d: [1, 2] })).toEqual([{ name: 'a', value: '1' }, { name: 'b.c', value: 'x' }, { name: 'd', value: '[1,2]' }]);
  });
});
