// The shared tooling configs are plain JS without declarations; typecheck our config files anyway.
declare module "@clawd/tsup-config" {
  export function defineBaseConfig(overrides?: Record<string, unknown>): unknown;
}
declare module "@clawd/vitest-config" {
  const config: unknown;
  export default config;
}
