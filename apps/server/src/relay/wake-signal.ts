/**
 * A level-triggered wake-up: `notify()` before `wait()` is not lost, so a commit that lands
 * while the relay is draining causes one more drain instead of waiting for the safety-net poll.
 * Many notifications coalesce into one.
 */
export class WakeSignal {
  private pending = false;
  private resolveWaiter: (() => void) | undefined;

  notify(): void {
    this.pending = true;
    this.resolveWaiter?.();
  }

  /** Resolves on a notification (true) or after `timeoutMs` (false); consumes the notification. */
  wait(timeoutMs: number): Promise<boolean> {
    if (this.pending) {
      this.pending = false;
      return Promise.resolve(true);
    }
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(false), Math.max(0, timeoutMs));
      const finish = (notified: boolean) => {
        clearTimeout(timer);
        this.resolveWaiter = undefined;
        if (notified) this.pending = false;
        resolve(notified);
      };
      this.resolveWaiter = () => finish(true);
    });
  }
}
