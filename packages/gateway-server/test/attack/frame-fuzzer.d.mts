// Types of frame-fuzzer.mjs (plain JS so that `pnpm bench attack` runs it without a build).
export interface FuzzResult {
  inputs: number;
  connections: number;
  refused: number;
  closes: Record<string, number>;
  kinds: Record<string, number>;
}
export function createRng(seed: number): { next(): number; int(n: number): number; pick<T>(list: readonly T[]): T };
export function encodeFrame(frame: { fin?: boolean; rsv?: number; opcode: number; payload: Uint8Array; mask?: boolean; claimed?: number }): Buffer;
export function fuzzInput(rng: ReturnType<typeof createRng>, maxPayloadBytes: number): { kind: string; bytes: Buffer };
export function runFrameFuzzer(options: {
  port: number;
  inputs: number;
  seed?: number;
  concurrency?: number;
  maxPayloadBytes?: number;
  perConnection?: number;
}): Promise<FuzzResult>;
