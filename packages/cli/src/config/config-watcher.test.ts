import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEV_RELOAD_DEBOUNCE_MS, type DirectoryWatch, watchConfigFile } from "./config-watcher.js";

const out = { debug: () => undefined, warn: vi.fn() };

/** A directory watch driven by hand: emit(name) is what fs.watch reports for a change. */
function fakeWatch() {
  let listener: ((event: string, name: string | null) => void) | undefined;
  let closed = false;
  const watch: DirectoryWatch = (_dir, l) => {
    listener = l;
    return { close: () => void (closed = true) };
  };
  return { watch, emit: (name: string | null) => listener?.("change", name), isClosed: () => closed };
}

afterEach(() => {
  vi.useRealTimers();
});

describe("watchConfigFile", () => {
  it("one change after a burst of writes, once the file has been quiet for the debounce", () => {
    vi.useFakeTimers();
    const fake = fakeWatch();
    const onChange = vi.fn();
    watchConfigFile("/home/u/.clawd-dev/clawd.json", onChange, out, { watch: fake.watch });
    fake.emit("clawd.json");
    vi.advanceTimersByTime(DEV_RELOAD_DEBOUNCE_MS - 1);
    fake.emit("clawd.json"); // the rename of an atomic write: the quiet period starts again
    vi.advanceTimersByTime(DEV_RELOAD_DEBOUNCE_MS - 1);
    fake.emit(null); // some platforms do not name the file
    expect(onChange).not.toHaveBeenCalled();
    vi.advanceTimersByTime(DEV_RELOAD_DEBOUNCE_MS);
    expect(onChange).toHaveBeenCalledTimes(1);
    fake.emit("clawd.json");
    vi.advanceTimersByTime(DEV_RELOAD_DEBOUNCE_MS);
    expect(onChange).toHaveBeenCalledTimes(2);
  });

  it("ignores other files in the config's directory", () => {
    vi.useFakeTimers();
    const fake = fakeWatch();
    const onChange = vi.fn();
    watchConfigFile("/home/u/.clawd-dev/clawd.json", onChange, out, { watch: fake.watch });
    fake.emit("clawd.json.1234.tmp");
    fake.emit("gateway.log");
    vi.advanceTimersByTime(DEV_RELOAD_DEBOUNCE_MS * 4);
    expect(onChange).not.toHaveBeenCalled();
  });

  it("close() stops watching and drops a change still waiting out the debounce", () => {
    vi.useFakeTimers();
    const fake = fakeWatch();
    const onChange = vi.fn();
    const watcher = watchConfigFile("/home/u/.clawd-dev/clawd.json", onChange, out, { watch: fake.watch });
    fake.emit("clawd.json");
    watcher?.close();
    vi.advanceTimersByTime(DEV_RELOAD_DEBOUNCE_MS * 4);
    fake.emit("clawd.json");
    vi.advanceTimersByTime(DEV_RELOAD_DEBOUNCE_MS * 4);
    expect(onChange).not.toHaveBeenCalled();
    expect(fake.isClosed()).toBe(true);
  });

  it("warns (and returns undefined) when the directory cannot be watched", () => {
    const warn = vi.fn();
    const watcher = watchConfigFile(path.join(tmpdir(), "clawd-no-such-dir", "clawd.json"), () => undefined, { debug: () => undefined, warn });
    expect(watcher).toBeUndefined();
    expect(warn.mock.calls[0]?.[0]).toMatch(/dev: cannot watch .*clawd-no-such-dir.*clawd\.json/);
  });

  describe("on the real file system", () => {
    let dir: string | undefined;
    afterEach(() => {
      if (dir) rmSync(dir, { recursive: true, force: true });
    });

    it("a write to the config file is seen", async () => {
      dir = mkdtempSync(path.join(tmpdir(), "clawd-watch-"));
      const configPath = path.join(dir, "clawd.json");
      writeFileSync(configPath, "{}\n");
      const onChange = vi.fn();
      const watcher = watchConfigFile(configPath, onChange, out, { debounceMs: 10 });
      try {
        writeFileSync(configPath, '{"gateway":{"port":19002}}\n');
        await vi.waitFor(() => expect(onChange).toHaveBeenCalled(), { timeout: 5000 });
      } finally {
        watcher?.close();
      }
    });
  });
});
