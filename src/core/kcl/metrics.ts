/**
 * A few of the KCL's CloudWatch metrics (spec producers-consumers §2.8; namespace = application
 * name): per application RecordsProcessed, DataBytesProcessed, MillisBehindLatest (per shard),
 * ExpiredIterator; per worker CurrentLeases, TakenLeases, LostLeases, ExpiredLeases,
 * NeededLeases, LeasesToTake, TotalLeases, NumWorkers. Counters add up over the worker's life;
 * gauges hold the last value (the KCL publishes them once per lease-taker run).
 */
export interface KclMetrics {
  RecordsProcessed: number;
  DataBytesProcessed: number;
  ExpiredIterator: number;
  /** Last MillisBehindLatest seen, per shard. */
  MillisBehindLatest: Record<string, number>;
  CurrentLeases: number;
  TakenLeases: number;
  LostLeases: number;
  ExpiredLeases: number;
  NeededLeases: number;
  LeasesToTake: number;
  TotalLeases: number;
  NumWorkers: number;
  /** Success / failure count per operation (ShardSyncTask, RenewAllLeases, TakeLeases, ProcessTask…). */
  Operations: Record<string, { Success: number; Failure: number }>;
}

export const emptyMetrics = (): KclMetrics => ({
  RecordsProcessed: 0, DataBytesProcessed: 0, ExpiredIterator: 0, MillisBehindLatest: {},
  CurrentLeases: 0, TakenLeases: 0, LostLeases: 0, ExpiredLeases: 0, NeededLeases: 0, LeasesToTake: 0, TotalLeases: 0, NumWorkers: 0,
  Operations: {},
});

export function countOperation(m: KclMetrics, operation: string, success: boolean): void {
  const o = (m.Operations[operation] ??= { Success: 0, Failure: 0 });
  if (success) o.Success++;
  else o.Failure++;
}
