export { default } from "@clawd/vitest-config";
