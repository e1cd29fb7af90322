// The plugin under test: a method doing exactly what the built-in `last-heartbeat` does
// (answer null), one with a params schema, and an event. No dependencies, like a user's plugin.
export default {
  name: "bench",
  setup(api) {
    api.method("noop", { scope: "read", handler: () => null });
    // The gateway process's own CPU clock (µs resolution; /proc's is 10 ms).
    api.method("cpu", {
      scope: "read",
      handler: () => {
        const u = process.cpuUsage();
        return u.user + u.system;
      },
    });
    const tick = api.event("tick");
    api.method("emit", {
      scope: "admin",
      handler: ({ count = 1, size = 64 }) => {
        const payload = { text: "x".repeat(size) };
        for (let i = 0; i < count; i++) tick.emit(payload, { dropIfSlow: false });
        return count;
      },
    });
  },
};
