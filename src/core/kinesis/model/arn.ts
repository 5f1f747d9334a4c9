/** ARNs: `arn:aws:kinesis:<region>:<account>:stream/<name>`. */
export interface Account {
  readonly region: string;
  readonly accountId: string;
}

export const streamArn = (a: Account, name: string): string => `arn:aws:kinesis:${a.region}:${a.accountId}:stream/${name}`;

/** The stream name in a stream ARN, with the ARN's region and account; `undefined` if it is not a stream ARN. */
export function parseStreamArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const m = /^arn:aws[^:]*:kinesis:([^:]*):(\d{12}):stream\/([a-zA-Z0-9_.-]{1,128})$/.exec(arn);
  return m ? { region: m[1]!, accountId: m[2]!, name: m[3]! } : undefined;
}
