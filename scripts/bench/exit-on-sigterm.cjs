// Preloaded into a profiled server (node --require): V8 writes a --cpu-prof profile only on a normal exit, and
// builds older than the graceful shutdown in server.ts die on SIGTERM without one.
process.once("SIGTERM", () => process.exit(0));
