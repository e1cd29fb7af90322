#!/usr/bin/env node
// The `clawd-ports` bin. A checked-in launcher rather than dist/cli.js itself, so that
// `pnpm install` in a fresh clone (before any build) can link the bin without warning.
import "../dist/cli.js";
