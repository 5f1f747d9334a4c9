/**
 * The page's side of the AWS SDK a sandboxed script uses: the script's `KinesisClient` (a stand-in
 * made by runner.js) posts each command — its name and input — over the run's service port; here
 * the page's real SDK client sends it to the simulation, and the output, or the error (its name,
 * message and fields, rebuilt as the SDK's exception class in the worker), goes back. The script
 * never touches the page: only these messages cross, and only commands of the offered modules run.
 */
export interface OfferedModule {
  /** The SDK module (its command classes are looked up by name). */
  readonly module: Readonly<Record<string, unknown>>;
  /** The page's client that sends them (bound to the simulation). */
  readonly client: { send(command: never, options?: { abortSignal?: AbortSignal }): Promise<unknown> };
}

interface SdkRequest {
  readonly type: 'sdk';
  readonly id: number;
  readonly module: string;
  readonly command: string;
  readonly input: unknown;
}

/** The script pulls the next event of a stream an output carried (`done` when it ended), or ends it. */
interface StreamRequest {
  readonly type: 'stream-next' | 'stream-return';
  readonly id: number;
  readonly stream: number;
}

interface ErrorShape {
  readonly name: string;
  readonly message: string;
  readonly fields?: Record<string, unknown>;
}

/** The export names a script may use from a module: its clients, commands and exceptions. */
export function offeredNames(module: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(module).filter((n) => /(Client|Command|Exception)$/.test(n) && typeof module[n] === 'function');
}

/** The SDK's error as data the script's stand-ins rebuild (name, message, `$fault`, `$metadata`). */
function errorShape(err: unknown): ErrorShape {
  const e = err as { name?: string; message?: string; $fault?: string; $metadata?: unknown };
  return { name: e?.name ?? 'Error', message: e?.message ?? String(err), fields: { ...(e?.$fault ? { $fault: e.$fault } : {}), ...(e?.$metadata ? { $metadata: e.$metadata } : {}) } };
}

const isAsyncIterable = (v: unknown): v is AsyncIterable<unknown> =>
  typeof v === 'object' && v !== null && typeof (v as Record<symbol, unknown>)[Symbol.asyncIterator] === 'function';

/**
 * Answers the run's SDK requests on `port` until it is closed; returns a stop function.
 *
 * An output may hold an event stream (SubscribeToShard's `EventStream`), which no message can
 * carry: the page keeps it and answers `stream: <id>` in its place; the script's stand-in makes an
 * async iterable of it that pulls one event per `stream-next` — the back-pressure of the real
 * HTTP/2 stream. Ending a stream aborts its request, which ends the subscription on the service
 * side; streams still open when the run ends are closed the same way, as when a process exits.
 */
export function serveSdk(port: MessagePort, modules: Readonly<Record<string, OfferedModule>>): () => void {
  /** Open event streams, with the abort that ends their request (the SDK's way to close one). */
  const streams = new Map<number, { it: AsyncIterator<unknown>; abort: AbortController }>();
  let stopped = false;
  const end = (id: number): void => {
    const open = streams.get(id);
    if (!open) return;
    streams.delete(id);
    open.abort.abort();
    // The SDK's own iterator lets go of what it holds; it does not reach the service (the abort does).
    void open.it.return?.().catch(() => undefined);
  };
  let nextStream = 1;
  port.onmessage = (e: MessageEvent<SdkRequest | StreamRequest>) => {
    const m = e.data;
    if (!m || (m.type !== 'sdk' && m.type !== 'stream-next' && m.type !== 'stream-return')) return;
    void (m.type === 'sdk' ? answer(m) : pull(m)).then((reply) => {
      try {
        port.postMessage(reply);
      } catch (err) {
        // An output structured clone refuses (never expected from the SDK): say so, do not hang the script.
        port.postMessage({ id: m.id, ok: false, error: { name: 'Error', message: `Shardlab could not pass the answer back: ${String(err)}` } });
      }
    });
  };
  async function answer(m: SdkRequest): Promise<unknown> {
    const offered = modules[m.module];
    const Command = offered?.module[m.command];
    if (!offered || typeof Command !== 'function' || !/Command$/.test(m.command)) {
      return { id: m.id, ok: false, error: { name: 'TypeError', message: `${m.command} is not a command of ${m.module}.` } };
    }
    try {
      const abort = new AbortController();
      const output = await offered.client.send(new (Command as new (input: unknown) => never)(m.input ?? {}), { abortSignal: abort.signal });
      const held = Object.entries((output ?? {}) as Record<string, unknown>).filter(([, v]) => isAsyncIterable(v));
      if (held.length === 0) return { id: m.id, ok: true, output };
      const rest: Record<string, unknown> = { ...(output as Record<string, unknown>) };
      const ids: Record<string, number> = {};
      for (const [field, v] of held) {
        const id = nextStream++;
        streams.set(id, { it: (v as AsyncIterable<unknown>)[Symbol.asyncIterator](), abort });
        if (stopped) end(id); // the run ended while the call was on its way: close what it opened
        ids[field] = id;
        delete rest[field];
      }
      return { id: m.id, ok: true, output: rest, streams: ids };
    } catch (err) {
      return { id: m.id, ok: false, error: errorShape(err) };
    }
  }
  async function pull(m: StreamRequest): Promise<unknown> {
    const open = streams.get(m.stream);
    if (!open || m.type === 'stream-return') {
      end(m.stream);
      return { id: m.id, ok: true, output: { done: true } };
    }
    try {
      const r = await open.it.next();
      if (r.done) end(m.stream);
      return { id: m.id, ok: true, output: r.done ? { done: true } : { done: false, value: r.value } };
    } catch (err) {
      end(m.stream);
      return { id: m.id, ok: false, error: errorShape(err) };
    }
  }
  port.start();
  return () => {
    stopped = true;
    port.onmessage = null;
    port.close();
    for (const id of [...streams.keys()]) end(id);
  };
}
