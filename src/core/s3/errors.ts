/**
 * S3's errors as data, in the core convention (`Result`, never a throw): `__type` is S3's error
 * `Code`, `fields` the extra elements S3 puts in its `<Error>` document (`<BucketName>`, `<Key>`…).
 */
import type { AwsError } from '../kinesis/errors.js';

/** The error codes this store answers with (S3's names). */
export const S3StoreErrorCodes = [
  'NoSuchBucket', 'NoSuchKey', 'BucketAlreadyOwnedByYou', 'BucketNotEmpty', 'InvalidBucketName',
  'InvalidRange', 'KeyTooLongError', 'MetadataTooLarge', 'InvalidArgument',
] as const;
export type S3StoreErrorCode = (typeof S3StoreErrorCodes)[number];

/** An S3 error as data: `__type` is the `<Code>`, `fields` further `<Error>` children in order. */
export interface S3Error extends AwsError {
  readonly fields?: Readonly<Record<string, string>>;
}
export type S3Result<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: S3Error };

/** A success. */
export const ok = <T>(value: T): S3Result<T> => ({ ok: true, value });
/** A failure with S3's code, text, HTTP status and (optionally) extra `<Error>` fields. */
export const fail = (__type: S3StoreErrorCode, message: string, status: number, fields?: Record<string, string>): { ok: false; error: S3Error } =>
  ({ ok: false, error: fields ? { __type, message, status, fields } : { __type, message, status } });

// AWS's texts, as its <Error> documents carry them (NoSuchBucket has no final period; NoSuchKey has).
/** NoSuchBucket (404) naming the bucket. */
export const noSuchBucket = (bucket: string) => fail('NoSuchBucket', 'The specified bucket does not exist', 404, { BucketName: bucket });
/** NoSuchKey (404) naming the key. */
export const noSuchKey = (key: string) => fail('NoSuchKey', 'The specified key does not exist.', 404, { Key: key });
