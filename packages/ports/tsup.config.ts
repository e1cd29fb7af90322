import { defineBaseConfig } from "@clawd/tsup-config";

export default defineBaseConfig({ entry: ["src/index.ts", "src/cli.ts"] });
