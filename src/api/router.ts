/**
 * One entry for every simulated service: AWS JSON 1.1 requests (Kinesis, Firehose — named by
 * `X-Amz-Target`) go to the JSON router, S3's REST calls (named by method, path and query) to
 * the S3 router. `createRequestHandler(createServiceRouter(...))` then serves every SDK client.
 */
import { createJsonRouter, header, type JsonRouterOptions, type JsonService, type WireRequest, type WireResponse } from './awsJson.js';
import type { S3Router } from './s3Rest.js';

export interface ServiceRouterOptions {
  /** Services reachable over AWS JSON 1.1, keyed by their target prefix. */
  readonly json: readonly JsonService[];
  /** Options of the JSON router (`onInternalError`). */
  readonly jsonOptions?: JsonRouterOptions;
  /** The S3 REST router (`createS3Router`); without it every request goes to the JSON router. */
  readonly s3?: S3Router;
}

/**
 * Routes by protocol. A request with `X-Amz-Target`, or with an AWS JSON content type (a JSON call
 * that forgot its target still gets the JSON protocol's answer, as before S3 existed), is JSON;
 * the rest is S3. The SDK's S3 client never sends either.
 */
export function createServiceRouter(options: ServiceRouterOptions): (req: WireRequest) => Promise<WireResponse> {
  const json = createJsonRouter(options.json, options.jsonOptions);
  const s3 = options.s3;
  if (!s3) return json;
  return (req) => {
    const isJson = header(req.headers, 'x-amz-target') !== undefined || /^application\/x-amz-json-/i.test(header(req.headers, 'content-type') ?? '');
    return isJson ? json(req) : s3(req);
  };
}
