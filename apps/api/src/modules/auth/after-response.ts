// Work a request starts but does not wait for: it begins only after the answer has been written
// (setImmediate runs after the reply's I/O callbacks), so what it does — or whether it does anything
// at all — cannot show in the answer or its timing. Failures go to the log; close waits for the rest.
export class AfterResponse {
  private readonly running = new Set<Promise<void>>();
  constructor(private readonly onError: (err: unknown) => void) {}

  run(task: () => Promise<void>): void {
    const p: Promise<void> = new Promise<void>((resolve) => setImmediate(resolve))
      .then(task)
      .catch(this.onError)
      .finally(() => this.running.delete(p));
    this.running.add(p);
  }

  /** Resolves once every task started so far (and any they started) has finished. */
  async settled(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running]);
  }
}
