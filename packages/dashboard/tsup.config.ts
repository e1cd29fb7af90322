import { defineBaseConfig } from "@clawd/tsup-config";

export default defineBaseConfig();
