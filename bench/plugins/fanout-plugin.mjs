// Hands the bench its event's emit (bench-only: a real plugin keeps it to itself).
export default {
  name: "fan",
  setup(api) {
    const tick = api.event("tick");
    globalThis.__benchFanoutEmit = (payload) => tick.emit(payload);
  },
};
