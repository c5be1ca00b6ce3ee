#!/usr/bin/env node
// The `coffer` command (package.json "bin"): cli/main.mjs does the work.
import { main } from "../cli/main.mjs";

process.exitCode = await main();
