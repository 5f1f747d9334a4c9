import type { KinesisEngine } from '../engine.js';
import { fail, ok, type Result } from '../errors.js';
import { notActive } from '../stream.js';
import type { DeleteStreamInput } from '../types.js';

/** DeleteStream: DELETING now, gone after a short virtual delay (its name is then free again). */
export function deleteStream(e: KinesisEngine, input: DeleteStreamInput): Result<unknown> {
  const r = e.stream(input, 'any');
  if (!r.ok) return r;
  const s = r.value;
  // AWS deletes from ACTIVE (and UPDATING); a stream still CREATING or already DELETING is in use.
  if (s.status === 'CREATING' || s.status === 'DELETING') return notActive(e.account, s);
  if (s.consumers?.size && !input.EnforceConsumerDeletion) {
    // Unsure: AWS's exact text; the condition is documented (EnforceConsumerDeletion).
    return fail('ResourceInUseException', `Stream ${s.name} under account ${e.account.accountId} has registered consumers. Deregister them first, or set EnforceConsumerDeletion.`);
  }
  s.status = 'DELETING';
  e.scheduleRemoval(s, e.now() + e.deleteStreamMs);
  return ok({});
}
