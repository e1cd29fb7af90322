// Records unhandled rejections and uncaught exceptions during a suite; each suite asserts none.
import { afterAll, expect } from "vitest";

const seen: unknown[] = [];
process.on("unhandledRejection", (reason) => seen.push(reason));
process.on("uncaughtException", (error) => seen.push(error));

afterAll(() => {
  expect(seen.map((e) => String((e as Error)?.stack ?? e))).toEqual([]);
});
