import { describe, expect, it } from 'vitest';
import { failureChoices, itemView, requestStatus } from './receiverView';

const at = Date.UTC(2026, 0, 1, 10, 20, 30);

describe('receiver items in their vendor\'s terms', () => {
  it('Datadog log, New Relic log, MongoDB document, Splunk event, test endpoint record', () => {
    expect(itemView('datadog', { at, requestId: 'r', doc: { date: new Date(at).toISOString(), status: 'info', service: 'shop', message: 'hi', tags: ['env:dev'] } }))
      .toEqual({ time: '10:20:30', title: 'shop · INFO', body: 'hi', chips: ['env:dev'] });
    expect(itemView('newrelic', { at, requestId: 'r', doc: { timestamp: at, message: 'm', logtype: 'nginx', n: 1 } }))
      .toEqual({ time: '10:20:30', title: 'Log', body: 'm', chips: ['logtype: nginx', 'n: 1'] });
    expect(itemView('mongodb', { at, requestId: 'r', doc: { _id: { $oid: 'abc' }, sku: 'A1' } }))
      .toEqual({ time: '10:20:30', title: 'ObjectId("abc")', body: '{\n  "sku": "A1"\n}', chips: [] });
    expect(itemView('splunk', { at, requestId: 'r', doc: { time: at / 1000, host: 'h', source: 's', sourcetype: 'st', index: 'main', event: 'GET /' } }))
      .toEqual({ time: '10:20:30', title: 'index=main sourcetype=st', body: 'GET /', chips: ['host=h', 'source=s'] });
    expect(itemView('shardlab', { at, requestId: 'r', doc: { record: 2, bytes: 3, data: 'abc' } }).title).toBe('record 2 · 3 B');
  });

  it('request log lines and the failure menu', () => {
    expect(requestStatus({ at, requestId: 'r', status: 200, records: 3, injected: false })).toEqual({ text: '200', ok: true });
    expect(requestStatus({ at, requestId: 'r', status: 'timeout', records: 0, injected: true, note: 'failed on purpose' })).toEqual({ text: 'no answer · failed on purpose', ok: false });
    expect(failureChoices('splunk').map((c) => c.mode)).toContain('timeout');
    expect(failureChoices('datadog').map((c) => c.mode)).toContain(413);
  });
});
