import { EventHub } from '../observe/events.js';
/**
 * What a delivery stream tells its observers (the picture, metrics, the cost meter): records in,
 * buffers flushed, transform outcomes, objects delivered, delivery failures. Sizes and counts
 * only, never data; `t` is virtual time. Delivered synchronously, in order.
 */
export type FirehoseEvent =
  | { readonly type: 'incoming'; readonly t: number; readonly deliveryStream: string; readonly records: number; readonly bytes: number;
      /** What ingestion bills: each record rounded up to 5 KB (the cost meter's input). */
      readonly billedBytes?: number }
  | { readonly type: 'transformed'; readonly t: number; readonly deliveryStream: string; readonly ok: number; readonly dropped: number; readonly failed: number; readonly durationMs: number; readonly errorCode?: string }
  | { readonly type: 'delivered'; readonly t: number; readonly deliveryStream: string; readonly destination: 'S3'; readonly bucket: string; readonly key: string; readonly records: number; readonly bytes: number; readonly objectBytes: number; readonly oldestArrival: number; readonly error?: false }
  | { readonly type: 'errorOutput'; readonly t: number; readonly deliveryStream: string; readonly bucket: string; readonly key: string; readonly records: number; readonly errorOutputType: string }
  | {
      readonly type: 'deliveryFailed'; readonly t: number; readonly deliveryStream: string; readonly errorCode: string; readonly errorMessage: string; readonly records: number;
      /** The transport's own message when the request did not get an answer (e.g. the browser's "Failed to fetch"). */
      readonly detail?: string;
      /** HTTP endpoint and Splunk destinations: which one, the batch's request id and attempt number. */
      readonly destination?: EndpointKind | 'Redshift'; readonly requestId?: string; readonly attempt?: number;
      /** When the batch is tried again (virtual epoch ms); absent when Firehose gave up on it. */
      readonly nextAttemptAt?: number;
      /** What became of the batch when Firehose gave up: backed up to S3, or dropped (413). */
      readonly outcome?: 'backedUp' | 'dropped';
    }
  /** A batch an HTTP endpoint (or Splunk, acknowledged by its indexers) accepted. */
  | { readonly type: 'endpointDelivered'; readonly t: number; readonly deliveryStream: string; readonly destination: EndpointKind; readonly url: string; readonly requestId: string; readonly records: number; readonly bytes: number; readonly attempts: number; readonly oldestArrival: number }
  /** Record format conversion of a batch: records converted to Parquet, and those that failed (SucceedConversion.* / FailedConversion.*). */
  | { readonly type: 'converted'; readonly t: number; readonly deliveryStream: string; readonly records: number; readonly bytes: number; readonly failedRecords: number; readonly failedBytes: number }
  /** A COPY into Redshift that succeeded: the objects its manifest listed are in the table. */
  | { readonly type: 'redshiftLoaded'; readonly t: number; readonly deliveryStream: string; readonly table: string; readonly bucket: string; readonly manifestKey: string; readonly objects: number; readonly records: number; readonly bytes: number; readonly rowsLoaded: number; readonly attempts: number; readonly oldestArrival: number }
  /** An S3 backup object of an HTTP endpoint / Splunk destination with S3BackupMode AllData / AllEvents. */
  | { readonly type: 'backedUp'; readonly t: number; readonly deliveryStream: string; readonly bucket: string; readonly key: string; readonly records: number };

/** Destinations that are not S3. */
export type EndpointKind = 'HttpEndpoint' | 'Splunk' | 'OpenSearch';

export type FirehoseListener = (e: FirehoseEvent) => void;

/** The Firehose engine's event hub: an observer's exception surfaces out of band, never fails a delivery. */
export class FirehoseEvents extends EventHub<FirehoseEvent> {
  constructor() {
    super((err) => void Promise.reject(err));
  }
}
