/**
 * The sandbox frame's document, for `<iframe sandbox="allow-scripts" srcdoc=…>`.
 *
 * Why strings: the frame and worker bootstraps (frame.js, runner.js) must exist inside an opaque
 * origin, which cannot load the app's own script URLs (a cross-origin worker script is refused),
 * so they travel as text: frame.js inline in srcdoc, runner.js over the connect message, turned
 * into a Blob URL inside the frame. Vite's `?raw` import keeps both files byte for byte — no
 * bundling, minifying or coverage instrumentation can make them refer to names that do not exist
 * in the frame (the risk of `fn.toString()`), and no second build entry is needed. The price:
 * they are plain JavaScript (checked with `// @ts-check` in an editor, not by `tsc`).
 */
import frameSource from './frame.js?raw';
import runnerSource from './runner.js?raw';

/**
 * The frame's own Content-Security-Policy, inherited by its workers: scripts only from the frame
 * itself and blob: URLs, eval allowed (CommonJS is compiled with `new Function`), and no network
 * at all (default-src 'none' covers fetch, XHR, WebSocket, images) — user code reaches the world
 * only through what the page hands it over a MessagePort.
 *
 * If the page itself ever gets a CSP, a srcdoc frame inherits it too: it must then allow this
 * inline script (by hash), `blob:` scripts and `worker-src blob:`.
 */
export const FRAME_CSP = "default-src 'none'; script-src 'unsafe-inline' 'unsafe-eval' blob:; worker-src blob:";

/** The srcdoc HTML of the sandbox frame. */
export function frameDocument(script: string = frameSource): string {
  // Inside <script>, "</script" ends the element and "<!--" changes how it is tokenised.
  if (/<\/script|<!--/i.test(script)) throw new Error('The sandbox frame script must not contain "</script" or "<!--".');
  return (
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="${FRAME_CSP}">` +
    `<title>Shardlab sandbox</title></head><body><script>${script}</script></body></html>`
  );
}

/** The worker bootstrap, sent to the frame once. */
export const RUNNER_SOURCE: string = runnerSource;
export const FRAME_SOURCE: string = frameSource;
