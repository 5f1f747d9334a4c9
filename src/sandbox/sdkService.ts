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
  readonly client: { send(command: never): Promise<unknown> };
}

interface SdkRequest {
  readonly type: 'sdk';
  readonly id: number;
  readonly module: string;
  readonly command: string;
  readonly input: unknown;
}

/** The export names a script may use from a module: its clients, commands and exceptions. */
export function offeredNames(module: Readonly<Record<string, unknown>>): string[] {
  return Object.keys(module).filter((n) => /(Client|Command|Exception)$/.test(n) && typeof module[n] === 'function');
}

/** Answers the run's SDK requests on `port` until it is closed; returns a stop function. */
export function serveSdk(port: MessagePort, modules: Readonly<Record<string, OfferedModule>>): () => void {
  port.onmessage = (e: MessageEvent<SdkRequest>) => {
    const m = e.data;
    if (!m || m.type !== 'sdk') return;
    void answer(m).then((reply) => {
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
      const output = await offered.client.send(new (Command as new (input: unknown) => never)(m.input ?? {}));
      return { id: m.id, ok: true, output };
    } catch (err) {
      const e = err as { name?: string; message?: string; $fault?: string; $metadata?: unknown };
      return { id: m.id, ok: false, error: { name: e.name ?? 'Error', message: e.message ?? String(err), fields: { ...(e.$fault ? { $fault: e.$fault } : {}), ...(e.$metadata ? { $metadata: e.$metadata } : {}) } } };
    }
  }
  port.start();
  return () => {
    port.onmessage = null;
    port.close();
  };
}
