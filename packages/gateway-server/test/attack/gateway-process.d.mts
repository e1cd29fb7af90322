// Types of gateway-process.mjs (plain JS, shared with `pnpm bench attack`).
export const GATEWAY_PROCESS_TIMEOUT_MS: number;
export interface GatewayProcess {
  port: number;
  pid: number;
  heapUsed(): Promise<number>;
  stats(): Promise<Record<string, number | string>>;
  /** The process's user + system CPU so far, in µs. */
  cpuMicros(): Promise<number>;
  close(): Promise<void>;
}
export function startGatewayProcess(transport: "uws" | "ws", options?: Record<string, unknown>): Promise<GatewayProcess>;
