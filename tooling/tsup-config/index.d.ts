import type { Options } from "tsup";

/** Builds `entry` (default `src/index.ts`) into `dist/` as ESM with declarations. */
export declare function defineBaseConfig(overrides?: Options): Options | Options[];
