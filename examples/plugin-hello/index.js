// The smallest useful gateway plugin: a method, an event and a validated config section.
import { definePlugin } from "@clawd/gateway-plugin";
import * as v from "valibot";

export default definePlugin({
  name: "hello",
  version: "1.0.0",
  config: v.object({ greeting: v.optional(v.string(), "Hello") }),
  setup(api) {
    const greeted = api.event("greeted");
    let count = 0;
    const greet = api.method("greet", {
      scope: "read",
      params: v.object({ name: v.pipe(v.string(), v.nonEmpty("name must not be empty")) }),
      handler: ({ name }) => {
        const text = `${api.config.greeting}, ${name}!`;
        greeted.emit({ name, count: ++count });
        return { text, count };
      },
    });
    return { greet };
  },
});
