/**
 * The producer's pace, on the virtual clock: records per *virtual* second, so the producer
 * follows the speed setting and stops when the clock is paused. Called from a short real-time
 * timer; pure arithmetic, so it is tested without timers.
 */
export interface PacerTick {
  /** Records to send now. */
  readonly send: number;
  /** Records due but not yet sent (waiting for a free request slot). */
  readonly backlog: number;
  /** Records given up on because the backlog was full: the producer fell behind. */
  readonly dropped: number;
}

export interface PacerLimits {
  /** Requests allowed in flight at once. */
  readonly maxInFlight: number;
  /** Records per request. */
  readonly perRequest: number;
  /** Largest backlog kept; beyond it due records are dropped (and counted). */
  readonly maxBacklog: number;
}

export class Pacer {
  private last: number;
  private carry = 0;
  private backlog = 0;

  constructor(private rate: number, now: number) {
    this.last = now;
  }

  /** Changes the rate from `now` on (records already due keep the old rate). */
  setRate(rate: number, now: number): void {
    this.accrue(now);
    this.rate = rate;
  }

  /** Records waiting for a free slot. */
  get pending(): number {
    return this.backlog;
  }

  /**
   * What to send at virtual time `now` with `inFlight` requests outstanding. Due records beyond
   * what the free request slots take wait in the backlog; a backlog above `maxBacklog` is cut.
   */
  tick(now: number, inFlight: number, limits: PacerLimits): PacerTick {
    this.accrue(now);
    let dropped = 0;
    if (this.backlog > limits.maxBacklog) {
      dropped = this.backlog - limits.maxBacklog;
      this.backlog = limits.maxBacklog;
    }
    const slots = Math.max(0, limits.maxInFlight - inFlight);
    const send = Math.min(this.backlog, slots * limits.perRequest);
    this.backlog -= send;
    return { send, backlog: this.backlog, dropped };
  }

  private accrue(now: number): void {
    // Virtual time never runs backwards, but a paused clock does not move: nothing accrues.
    const dt = Math.max(0, now - this.last);
    this.last = Math.max(this.last, now);
    const due = (dt * this.rate) / 1000 + this.carry;
    const whole = Math.floor(due);
    this.carry = due - whole;
    this.backlog += whole;
  }
}
