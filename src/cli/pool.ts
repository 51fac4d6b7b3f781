import { parentPort, Worker, workerData } from 'node:worker_threads';

/** A batch of work sent to a worker; the answer comes back with the same number. */
export interface Batch<T> {
  seq: number;
  items: T[];
}
export interface Answer {
  seq: number;
  /** The batch's output, written as it is. */
  text: string | Uint8Array;
  /** Something in the batch failed in a way the exit status reports. */
  failed: boolean;
}

/** How the main thread answers a batch itself. */
export type LocalHandler<T> = (items: T[]) => { text: string | Uint8Array; failed: boolean };

/**
 * Worker threads for inOrderOnWorkers: `jobs` threads in all, this one included. Started before
 * this thread loads what it needs itself, so that their start-up runs beside its own.
 */
export function startWorkers(file: string, setup: unknown, jobs: number): Worker[] {
  return Array.from({ length: Math.max(1, jobs - 1) }, () => new Worker(file, { workerData: setup }));
}

/**
 * Runs batches on the workers and this thread and writes the answers in batch order: the output is
 * what one thread would have written. This thread answers with `local` (it has what it needs loaded
 * and warm already), the workers are those of startWorkers. Batches go out
 * as threads free up, two in flight a worker so none waits; `next` gives the next batch's items
 * (none: the end). Resolves to whether any batch failed.
 */
export function inOrderOnWorkers<T>(
  workers: Worker[], next: () => Promise<T[]>, write: (text: string | Uint8Array) => Promise<void> | void, local: LocalHandler<T>,
): Promise<boolean> {
  const waiting = new Map<number, Answer>();
  let sent = 0;
  let written = 0;
  let exhausted = false;
  let failed = false;
  let stopped = false;
  // One thing at a time on the main thread: batches take items in order, answers are written in order.
  let chain: Promise<unknown> = Promise.resolve();
  return new Promise<boolean>((resolve, reject) => {
    const stop = (err?: unknown) => {
      if (stopped) return;
      stopped = true;
      void Promise.all(workers.map((w) => w.terminate())).then(() => (err ? reject(err) : resolve(failed)));
    };
    const finishedAll = () => exhausted && written === sent;
    const answered = (answer: Answer) => {
      waiting.set(answer.seq, answer);
      chain = chain.then(flush).catch(stop);
    };
    const feed = (to: Worker | 'main') => {
      chain = chain.then(async () => {
        if (exhausted || stopped) return;
        const items = await next();
        if (items.length === 0) exhausted = true;
        else if (to === 'main') answerHere({ seq: sent++, items });
        else to.postMessage({ seq: sent++, items } satisfies Batch<T>);
        if (finishedAll()) stop();
      }).catch(stop);
    };
    // After the current turn, so that workers' answers and new batches go out in between.
    const answerHere = (batch: Batch<T>) => setImmediate(() => {
      try {
        answered({ seq: batch.seq, ...local(batch.items) });
        feed('main');
      } catch (err) {
        stop(err);
      }
    });
    const flush = async () => {
      for (let a = waiting.get(written); a; a = waiting.get(written)) {
        waiting.delete(written);
        failed ||= a.failed;
        await write(a.text);
        written += 1;
      }
      if (finishedAll()) stop();
    };
    for (const worker of workers) {
      worker.on('error', stop);
      worker.on('message', (msg: Answer | 'ready') => {
        if (msg === 'ready') {
          feed(worker);
          feed(worker);
          return;
        }
        answered(msg);
        feed(worker);
      });
    }
    feed('main');
  });
}

/** The worker side: answers every batch with `handle`, after `start` (loading what it needs). */
export function serveBatches<S, T, C>(start: (setup: S) => Promise<C>, handle: (ctx: C, items: T[]) => { text: string | Uint8Array; failed: boolean }): void {
  if (!parentPort) return;
  const port = parentPort;
  void start(workerData as S).then((ctx) => {
    port.on('message', (batch: Batch<T>) => port.postMessage({ seq: batch.seq, ...handle(ctx, batch.items) } satisfies Answer));
    port.postMessage('ready');
  });
}
