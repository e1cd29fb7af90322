// The HTTP route hook: how a caller (the CLI passing @clawd/dashboard) answers plain HTTP
// requests on the gateway's port without the server knowing what it serves.

/** One non-upgrade HTTP request, as a route sees it (the same on uWS and `ws`). */
export interface HttpRouteRequest {
  /** Upper-case method; HEAD reaches routes as HEAD (the transport drops the body). */
  readonly method: string;
  /** Path without the query string (queries never reach a route or a log). */
  readonly path: string;
  /** A request header by lower-case name, "" when absent. Valid only during the call. */
  header(name: string): string;
}

/** A route's answer; `body` may be bytes (pre-compressed assets). */
export interface HttpRouteResponse {
  status: number;
  /** Lower-case header names; content-length is set by the transport. */
  headers: Record<string, string>;
  body: string | Uint8Array;
}

/**
 * Answers a request or returns undefined to let it fall through to 404. Synchronous on
 * purpose: uWS request objects die when the callback returns, so routes serve from memory.
 */
export type HttpRoute = (request: HttpRouteRequest) => HttpRouteResponse | undefined;
