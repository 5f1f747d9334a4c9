/**
 * Amazon S3's REST-XML wire protocol over an `S3Store`: the operation is named by the method, the
 * path (`/bucket`, `/bucket/key…`) and the query (`?list-type=2`, `?delete`); answers are XML in
 * S3's namespace, errors `<Error><Code>…` documents with S3's status codes. Path-style requests
 * (`forcePathStyle: true`) are the supported form; a Host of the virtual-hosted form
 * (`bucket.s3.<region>.amazonaws.com`) is understood too, so a client without that option works.
 *
 * Transport-free like `awsJson.ts`: `requestHandler.ts` plugs it into the AWS SDK v3. This file
 * routes; the operations are in `s3Buckets.ts`, `s3ListObjects.ts` and `s3Objects.ts`, request
 * reading in `s3Request.ts`, answers in `s3Reply.ts`, XML in `s3Xml.ts`.
 */
import type { WireRequest, WireResponse } from './awsJson.js';
import type { S3Store } from '../core/s3/store.js';
import { md5, toHex } from '../core/util/md5.js';
import { createBucket, listBuckets } from './s3Buckets.js';
import { listObjectsV1, listObjectsV2 } from './s3ListObjects.js';
import { deleteObjects, getObject, putObject } from './s3Objects.js';
import { failure, methodNotAllowed, newRequestId, notImplemented, reply, result, toWire, xml, type Reply } from './s3Reply.js';
import { parseTarget, SUBRESOURCES, type Call, type S3Context } from './s3Request.js';
import { esc } from './s3Xml.js';

/** Answers one S3 REST request; never rejects. */
export type S3Router = (req: WireRequest) => Promise<WireResponse>;

export interface S3RouterOptions {
  /** The region this endpoint is (CreateBucket's LocationConstraint rules, `x-amz-bucket-region`). */
  readonly region: string;
  /** Owner of every bucket (ListBuckets' Owner ID is derived from it). Default 123456789012. */
  readonly accountId?: string;
  /** Told about an exception (a Shardlab bug; the caller gets a 500 InternalError). Default console.error. */
  readonly onInternalError?: (error: unknown, operation: string) => void;
}

const encoder = new TextEncoder();

/** Makes the function that answers S3 REST requests from `store`. */
export function createS3Router(store: S3Store, options: S3RouterOptions): S3Router {
  const region = options.region;
  const ownerId = toHex(md5(encoder.encode(`s3:${options.accountId ?? '123456789012'}`))) + toHex(md5(encoder.encode(`owner:${options.accountId ?? '123456789012'}`)));
  const onInternalError = options.onInternalError ?? ((e: unknown, op: string) => console.error(`Shardlab: S3 ${op} threw`, e));
  const ctx: S3Context = { store, region, ownerId };

  return async (req) => {
    const requestId = newRequestId();
    const method = req.method.toUpperCase();
    let operation = `${method} ${req.path}`;
    let answer: Reply;
    try {
      const target = parseTarget(req);
      if ('error' in target) answer = failure(target.error);
      else {
        operation = `${method} /${target.bucket}${target.key ? '/…' : ''}`;
        answer = route(ctx, { method, ...target, req });
      }
    } catch (e) {
      try {
        onInternalError(e, operation);
      } catch {
        // The hook must not turn a 500 into a rejected transport promise.
      }
      answer = failure({ __type: 'InternalError', message: 'We encountered an internal error. Please try again.', status: 500 });
    }
    return toWire(answer, requestId, method === 'HEAD');
  };
}

/** The operation a request names, run: by method on the service, a bucket, or an object. */
function route(ctx: S3Context, call: Call): Reply {
  const { store, region } = ctx;
  const { method, bucket, key, query } = call;
  if (!bucket) return method === 'GET' ? listBuckets(ctx, call) : methodNotAllowed(method, 'SERVICE');
  for (const name of query.keys()) {
    if (SUBRESOURCES.has(name)) return notImplemented(`The ?${name} subresource is not simulated by Shardlab's S3.`);
  }
  if (!key) {
    switch (method) {
      case 'PUT': return createBucket(ctx, call);
      case 'DELETE': return result(store.deleteBucket(bucket), () => reply(204));
      case 'HEAD': return result(store.headBucket(bucket), () => reply(200, { 'x-amz-bucket-region': region, 'x-amz-access-point-alias': 'false' }));
      case 'GET':
        if (query.has('location')) return result(store.headBucket(bucket), () => xml('LocationConstraint', region === 'us-east-1' ? '' : esc(region)));
        return query.get('list-type') === '2' ? listObjectsV2(ctx, call) : listObjectsV1(ctx, call);
      case 'POST':
        if (query.has('delete')) return deleteObjects(ctx, call);
        return methodNotAllowed(method, 'BUCKET');
      default: return methodNotAllowed(method, 'BUCKET');
    }
  }
  switch (method) {
    case 'PUT': return putObject(ctx, call);
    case 'GET': return getObject(ctx, call, false);
    case 'HEAD': return getObject(ctx, call, true);
    case 'DELETE': return result(store.deleteObject(bucket, key), () => reply(204));
    default: return methodNotAllowed(method, 'OBJECT');
  }
}
