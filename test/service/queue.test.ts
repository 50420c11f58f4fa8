import { ReviewQueue } from '../../src/service/queue.js';

/** A job that runs until released, recording when it starts. */
function gate(log: string[], name: string) {
  let release!: () => void;
  const done = new Promise<void>((resolve) => (release = resolve));
  return {
    job: async () => {
      log.push(`start ${name}`);
      await done;
      log.push(`end ${name}`);
    },
    release: () => release(),
  };
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('ReviewQueue', () => {
  it('runs one review of a pull request at a time, then the newest waiting one; older waiting ones are superseded', async () => {
    const queue = new ReviewQueue({ concurrency: 4 });
    const log: string[] = [];
    const [a, b, c] = [gate(log, 'a'), gate(log, 'b'), gate(log, 'c')];
    const ra = queue.run('o/r#1', a.job);
    const rb = queue.run('o/r#1', b.job);
    const rc = queue.run('o/r#1', c.job);
    await tick();
    expect(log).toEqual(['start a']);
    await expect(rb).resolves.toBe('superseded');
    a.release();
    await expect(ra).resolves.toBe('done');
    await tick();
    expect(log).toEqual(['start a', 'end a', 'start c']);
    c.release();
    await expect(rc).resolves.toBe('done');
    expect(log).not.toContain('start b');
  });

  it('runs different pull requests side by side up to the concurrency limit, in arrival order', async () => {
    const queue = new ReviewQueue({ concurrency: 2 });
    const log: string[] = [];
    const jobs = ['1', '2', '3'].map((n) => gate(log, n));
    const results = jobs.map((g, i) => queue.run(`o/r#${i + 1}`, g.job));
    await tick();
    expect(log).toEqual(['start 1', 'start 2']);
    expect(queue.size).toEqual({ running: 2, waiting: 1 });
    jobs[1]!.release();
    await results[1];
    await tick();
    expect(log).toEqual(['start 1', 'start 2', 'end 2', 'start 3']);
    jobs[0]!.release();
    jobs[2]!.release();
    await expect(Promise.all(results)).resolves.toEqual(['done', 'done', 'done']);
    await queue.idle();
    expect(queue.size).toEqual({ running: 0, waiting: 0 });
  });

  it('passes a failing job its error and goes on with the next', async () => {
    const queue = new ReviewQueue({ concurrency: 1 });
    const failing = queue.run('o/r#1', async () => {
      throw new Error('boom');
    });
    const next = queue.run('o/r#2', async () => undefined);
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBe('done');
  });

  it('resolves idle() at once when empty and after the last job otherwise', async () => {
    const queue = new ReviewQueue({ concurrency: 1 });
    await expect(queue.idle()).resolves.toBeUndefined();
    const log: string[] = [];
    const g = gate(log, 'a');
    void queue.run('k', g.job);
    let idle = false;
    void queue.idle().then(() => (idle = true));
    await tick();
    expect(idle).toBe(false);
    g.release();
    await queue.idle();
    expect(idle).toBe(true);
  });

  it('refuses a concurrency below one', () => {
    expect(() => new ReviewQueue({ concurrency: 0 })).toThrow('at least 1');
  });
});
