import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { Receivers } from '../../core/firehose/receiverRegistry';
import { fetchTransport, withReceivers } from './fetchTransport';

const servers: Server[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) {
    s.closeAllConnections();
    await new Promise((r) => s.close(r));
  }
});

async function serve(handler: Parameters<typeof createServer>[1]): Promise<string> {
  const s = createServer(handler);
  servers.push(s);
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  return `http://127.0.0.1:${(s.address() as AddressInfo).port}/in`;
}

const post = (url: string) => ({ url, method: 'POST' as const, headers: { 'Content-Type': 'application/json', 'X-Amz-Firehose-Request-Id': 'r1' }, body: new TextEncoder().encode('{"requestId":"r1"}') });

describe('fetchTransport', () => {
  it('POSTs the request as given and hands back status, headers and body', async () => {
    let seen: { method?: string; id?: string | string[]; body?: string } = {};
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen = { method: req.method, id: req.headers['x-amz-firehose-request-id'], body };
        res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"requestId":"r1","timestamp":1}');
      });
    });
    const out = await fetchTransport()(post(url));
    expect(seen).toEqual({ method: 'POST', id: 'r1', body: '{"requestId":"r1"}' });
    expect(out).toMatchObject({ status: 200, headers: { 'content-type': 'application/json' } });
    expect(new TextDecoder().decode((out as { body: Uint8Array }).body)).toBe('{"requestId":"r1","timestamp":1}');
  });

  it('does not follow redirects, reports no answer as a timeout and a closed port as a connection failure', async () => {
    const redirect = await serve((_, res) => res.writeHead(302, { Location: 'http://127.0.0.1:1/' }).end());
    expect(await fetchTransport()(post(redirect))).toMatchObject({ status: 302 });
    const silent = await serve(() => undefined);
    expect(await fetchTransport({ timeoutMs: 100 })(post(silent))).toEqual({ failure: 'timeout', message: 'No response within 0.1 s.' });
    const closed = await serve(() => undefined);
    servers[servers.length - 1]!.close();
    expect(await fetchTransport()(post(closed))).toMatchObject({ failure: 'connection' });
  });

  it('withReceivers: the simulated receivers answer their URLs, never the network', async () => {
    const r = new Receivers({ now: () => 0 });
    let fetched = 0;
    const t = withReceivers(r, async () => { fetched++; return { status: 599, headers: {} }; });
    expect(await t(post('https://demo.shardlab.test/in'))).toMatchObject({ status: 400 }); // not a Firehose body, but answered
    expect(fetched).toBe(0);
    expect(await t(post('https://example.com/in'))).toMatchObject({ status: 599 });
    expect(fetched).toBe(1);
  });
});
