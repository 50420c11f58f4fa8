// Runs reviews one pull request at a time and coalesces bursts. While a review of a pull request runs, a newer
// request waits; a still newer one replaces it (the latest state of the pull request is what counts), so five
// quick pushes cost at most two reviews and two reviews never race on one check run or one set of comments.
// A global limit keeps a busy organisation from running more compiles at once than the machine has cores.

export type JobOutcome = 'done' | 'superseded';

interface Waiting {
  job: () => Promise<void>;
  settle: (outcome: JobOutcome) => void;
  fail: (error: unknown) => void;
}

export interface ReviewQueueOptions {
  /** Reviews running at once across all pull requests. */
  concurrency: number;
}

export class ReviewQueue {
  private readonly running = new Set<string>();
  /** At most one waiting job per key: the newest. */
  private readonly waiting = new Map<string, Waiting>();
  /** Keys whose waiting job could start but found no free slot, oldest first. */
  private readonly ready: string[] = [];
  private idleWaiters: Array<() => void> = [];

  constructor(private readonly options: ReviewQueueOptions) {
    if (!(options.concurrency >= 1)) throw new Error('ReviewQueue needs a concurrency of at least 1');
  }

  /** Resolves `done` when the job ran (it rejects if the job threw), or `superseded` if a newer job replaced it. */
  run(key: string, job: () => Promise<void>): Promise<JobOutcome> {
    return new Promise<JobOutcome>((settle, fail) => {
      const previous = this.waiting.get(key);
      if (previous) previous.settle('superseded');
      this.waiting.set(key, { job, settle, fail });
      if (!previous && !this.running.has(key)) this.ready.push(key);
      this.pump();
    });
  }

  /** How many reviews run and wait now (for metrics and tests). */
  get size(): { running: number; waiting: number } {
    return { running: this.running.size, waiting: this.waiting.size };
  }

  /** Resolves once nothing runs or waits. */
  idle(): Promise<void> {
    if (this.running.size === 0 && this.waiting.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private pump(): void {
    while (this.running.size < this.options.concurrency && this.ready.length > 0) {
      const key = this.ready.shift() as string;
      const entry = this.waiting.get(key);
      if (!entry || this.running.has(key)) continue;
      this.waiting.delete(key);
      this.running.add(key);
      void this.execute(key, entry);
    }
    if (this.running.size === 0 && this.waiting.size === 0) {
      const waiters = this.idleWaiters;
      this.idleWaiters = [];
      for (const resolve of waiters) resolve();
    }
  }

  private async execute(key: string, entry: Waiting): Promise<void> {
    try {
      await entry.job();
      entry.settle('done');
    } catch (error) {
      entry.fail(error);
    } finally {
      this.running.delete(key);
      // A job that arrived while this one ran goes to the back of the line, behind other pull requests.
      if (this.waiting.has(key)) this.ready.push(key);
      this.pump();
    }
  }
}
