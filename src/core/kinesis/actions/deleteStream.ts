import type { KinesisEngine } from '../engine.js';
import { ok, type Result } from '../errors.js';
import { notActive } from '../stream.js';
import type { DeleteStreamInput } from '../types.js';

/** DeleteStream: DELETING now, gone after a short virtual delay (its name is then free again). */
export function deleteStream(e: KinesisEngine, input: DeleteStreamInput): Result<Record<string, never>> {
  const r = e.stream(input, 'any');
  if (!r.ok) return r;
  const s = r.value;
  // AWS deletes from ACTIVE (and UPDATING); a stream still CREATING or already DELETING is in use.
  if (s.status === 'CREATING' || s.status === 'DELETING') return notActive(e.account, s);
  s.status = 'DELETING';
  e.scheduleRemoval(s, e.now() + e.deleteStreamMs);
  return ok({});
}
