/**
 * Lambda functions for Firehose transforms. The engine only needs `invoke(arn, event)`; where the
 * code runs is the host's business: in the page an isolated worker per invocation batch with a
 * time limit, in Node the in-process `FunctionRegistry` of src/lambda (real timers live outside
 * the pure core).
 */
export type LambdaErrorCode = 'Lambda.FunctionError' | 'Lambda.FunctionTimedOut' | 'Lambda.InvokeAccessDenied' | 'Lambda.ResourceNotFound' | 'Lambda.InvalidResponse';

export type LambdaInvokeResult =
  | { readonly ok: true; readonly payload: unknown }
  | { readonly ok: false; readonly errorCode: LambdaErrorCode; readonly errorMessage: string };

export interface LambdaRuntime {
  invoke(functionArn: string, event: unknown): Promise<LambdaInvokeResult>;
}

export type LambdaHandler = (event: unknown, context: { functionName: string; awsRequestId: string; getRemainingTimeInMillis(): number }) => unknown;

/** `arn:aws:lambda:<region>:<account>:function:<name>[:<version or alias>]` → name. */
export function functionNameOf(arn: string): string | undefined {
  const m = /^arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:([a-zA-Z0-9-_]{1,64})(?::(\$LATEST|[a-zA-Z0-9-_]+))?$/.exec(arn);
  return m?.[1];
}

