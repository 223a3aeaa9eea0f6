/** A time budget for one comparison; the clock is passed in so that the text layer never reads the time itself. */
export interface Deadline {
  readonly budgetMs: number;
  readonly now: () => number;
}

/** Tracks a deadline for one comparison and remembers once it has passed. */
export class Budget {
  private readonly endsAt: number;
  private readonly now: (() => number) | undefined;
  timedOut = false;

  constructor(deadline?: Deadline) {
    this.now = deadline?.now;
    this.endsAt = deadline === undefined ? Number.POSITIVE_INFINITY : deadline.now() + deadline.budgetMs;
  }

  /** True once the budget is spent; each call reads the clock, so hot loops call it only now and then. */
  expired(): boolean {
    if (this.timedOut) return true;
    if (this.now !== undefined && this.now() >= this.endsAt) this.timedOut = true;
    return this.timedOut;
  }
}
