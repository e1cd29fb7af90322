// One timer for every pending handshake. All handshakes get the same timeout, so deadlines
// arrive in the order they were armed: a FIFO queue with a single timer for its head replaces
// a setTimeout (Timeout object + closure) per connection. Entries are not removed when the
// handshake succeeds; the callback checks whether the deadline still matters.

/** Pending handshake deadlines; `arm` adds one `timeoutMs` from now. */
export interface HandshakeDeadlines<T> {
  arm(item: T): void;
  /** Drops every pending deadline and the timer (server close). */
  clear(): void;
  /** Deadlines not yet expired (finished handshakes included until their deadline passes). */
  readonly size: number;
}

/** Calls `onExpire(item)` once `timeoutMs` has passed since `arm(item)`; `now` is injectable. */
export function createHandshakeDeadlines<T>(timeoutMs: number, onExpire: (item: T) => void, now: () => number = Date.now): HandshakeDeadlines<T> {
  let items: T[] = [];
  let deadlines: number[] = [];
  let head = 0;
  let timer: NodeJS.Timeout | undefined;

  const schedule = (): void => {
    if (head >= items.length) return;
    timer = setTimeout(expire, Math.max(0, (deadlines[head] as number) - now()));
    // Open sockets keep the process alive, not their handshake deadlines.
    timer.unref();
  };
  const expire = (): void => {
    timer = undefined;
    const at = now();
    while (head < items.length && (deadlines[head] as number) <= at) {
      const item = items[head] as T;
      items[head] = undefined as T; // release it now, not at the next compaction
      head += 1;
      onExpire(item);
    }
    if (head === items.length) {
      items = [];
      deadlines = [];
      head = 0;
    } else if (head > 1024 && head * 2 > items.length) {
      items = items.slice(head);
      deadlines = deadlines.slice(head);
      head = 0;
    }
    schedule();
  };

  return {
    arm(item) {
      items.push(item);
      deadlines.push(now() + timeoutMs);
      if (timer === undefined) schedule();
    },
    clear() {
      clearTimeout(timer);
      timer = undefined;
      items = [];
      deadlines = [];
      head = 0;
    },
    get size() {
      return items.length - head;
    },
  };
}
