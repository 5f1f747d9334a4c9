/**
 * What crosses from the main thread to a delivery stream's pipeline worker: the state it is given
 * (plain data), and the host object it calls back through Comlink — the broker's services.
 */
import type { DeliveryStreamState } from '../core/firehose/model.js';
import type { FirehoseEvent } from '../core/firehose/events.js';
import type { GlueColumn } from '../core/firehose/formatConversion.js';
import type { HttpExchange, HttpRequest } from '../core/firehose/httpEndpoint.js';
import type { LambdaInvokeResult } from '../core/firehose/lambda.js';
import type { SavedDeliveryStream } from '../core/firehose/persist.js';
import type { RedshiftOutcome } from '../core/firehose/redshiftDelivery.js';
import type { Result } from '../core/kinesis/errors.js';
import type { FirehoseWorkerHost, PipelineStats } from './protocol.js';

/** What the worker's pipeline reaches in the broker. */
export interface PipelineServices {
  putObject(bucket: string, key: string, data: Uint8Array): Promise<Result<unknown>>;
  invokeLambda(functionArn: string, event: unknown): Promise<LambdaInvokeResult>;
  emit(event: FirehoseEvent): void;
  /** The simulated receivers (the worker asks for their URLs only). */
  http?(request: HttpRequest): Promise<HttpExchange>;
  /** Runs a Redshift destination's COPY on the simulated clusters. */
  redshift?(jdbcUrl: string, user: string, password: string, sql: string): Promise<RedshiftOutcome>;
  /** A Glue table's columns, for format conversion. */
  glueColumns?(database: string, table: string): Promise<Result<GlueColumn[]>>;
}

/** The state as the worker takes it (plain data: tags as pairs, no shared objects). */
export function plainState(s: DeliveryStreamState): SavedDeliveryStream {
  const { tags, ...rest } = s;
  return { ...(JSON.parse(JSON.stringify(rest)) as Omit<DeliveryStreamState, 'tags'>), tags: [...tags] };
}

/**
 * The host a pipeline worker calls back: the broker's services, or what a host without simulated
 * receivers, Redshift clusters or Glue answers.
 * @param current whether the worker is still the pipeline's (a replaced worker's figures are ignored)
 * @param take takes the figures the worker reports with each event
 */
export function pipelineWorkerHost(services: PipelineServices, current: () => boolean, take: (stats: PipelineStats) => void): FirehoseWorkerHost {
  return {
    putObject: (bucket, key, data) => services.putObject(bucket, key, data),
    invokeLambda: (arn, event) => services.invokeLambda(arn, event),
    http: (request) => services.http
      ? services.http(request)
      : Promise.resolve({ failure: 'connection' as const, message: 'No simulated receivers in this host.' }),
    redshift: (url, user, password, sql) => services.redshift
      ? services.redshift(url, user, password, sql)
      : Promise.resolve({ ok: false as const, errorCode: 'Redshift.ConnectionFailed', errorMessage: 'No Redshift clusters in this host.' }),
    glueColumns: (database, table) => services.glueColumns
      ? services.glueColumns(database, table)
      : Promise.resolve({ ok: false as const, error: { __type: 'EntityNotFoundException', message: `Database ${database} not found.`, status: 400 } }),
    emit: (event, stats) => {
      if (current()) take(stats);
      services.emit(event);
    },
  };
}
