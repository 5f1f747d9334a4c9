import type { Members } from '../validation/shape';

/** `DescribeLimitsInput` has no members; anything sent is ignored. */
export const describeLimitsShape: Members = {};
