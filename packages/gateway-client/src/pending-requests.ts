import { GatewayRequestError, GatewayTimeoutError } from "./errors.js";
import type { ResponseFrame } from "./frames.js";

interface Pending {
  method: string;
  expectFinal: boolean;
  timer: ReturnType<typeof setTimeout> | undefined;
  resolve(value: unknown): void;
  reject(error: Error): void;
}

/** Requests waiting for their `res`, each with its own timeout. */
export class PendingRequests {
  readonly #byId = new Map<string, Pending>();

  /** Number of requests still waiting. */
  get size(): number {
    return this.#byId.size;
  }

  /**
   * Registers request `id`; the promise settles on its response, on its timeout
   * (`timeoutMs`; a non-finite or non-positive value means none), or on {@link failAll}.
   */
  add(id: string, method: string, timeoutMs: number, expectFinal = false): Promise<unknown> {
    return new Promise((resolve, reject) => {
      const entry: Pending = { method, expectFinal, timer: undefined, resolve, reject };
      if (Number.isFinite(timeoutMs) && timeoutMs > 0) {
        entry.timer = setTimeout(() => this.fail(id, new GatewayTimeoutError(method, timeoutMs)), timeoutMs);
      }
      this.#byId.set(id, entry);
    });
  }

  /** The method of pending request `id`, if it is pending. */
  methodOf(id: string): string | undefined {
    return this.#byId.get(id)?.method;
  }

  /** Settles the request a response belongs to; false when no request has that id. */
  settle(frame: ResponseFrame): boolean {
    const entry = this.#byId.get(frame.id);
    if (!entry) return false;
    const payload = frame.payload as { status?: unknown } | undefined;
    // Some methods answer twice: "accepted" first, the result later (protocol §2.2).
    if (frame.ok && entry.expectFinal && payload?.status === "accepted") return true;
    this.#remove(frame.id, entry);
    if (frame.ok) entry.resolve(frame.payload);
    else entry.reject(new GatewayRequestError(entry.method, frame.error));
    return true;
  }

  /** Rejects request `id` with `error`; false when it was not pending. */
  fail(id: string, error: Error): boolean {
    const entry = this.#byId.get(id);
    if (!entry) return false;
    this.#remove(id, entry);
    entry.reject(error);
    return true;
  }

  /** Rejects every pending request with the error `makeError(method)` returns. */
  failAll(makeError: (method: string) => Error): void {
    for (const [id, entry] of [...this.#byId]) {
      this.#remove(id, entry);
      entry.reject(makeError(entry.method));
    }
  }

  #remove(id: string, entry: Pending): void {
    if (entry.timer !== undefined) clearTimeout(entry.timer);
    this.#byId.delete(id);
  }
}
