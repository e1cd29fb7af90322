#!/usr/bin/env node
// The bin entry does almost nothing at import time: `--version` is answered before cac or
// any command module loads; everything else is imported on demand.
import { VERSION } from "./version.js";

const argv = process.argv.slice(2);
if (argv.length === 1 && (argv[0] === "--version" || argv[0] === "-v")) {
  process.stdout.write(`${VERSION}\n`);
} else {
  const { main } = await import("./main.js");
  process.exitCode = await main(argv);
}
