// Ten of these (copied under distinct names) make the "10 plugins" cold start.
export default {
  name: "NAME",
  setup(api) {
    api.method("ping", { scope: "read", handler: () => "pong" });
    api.event("changed");
  },
};
