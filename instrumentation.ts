// Next.js calls this once per server start.
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { onServerStart } = await import("@/lib/startup/on-server-start");
    await onServerStart();
  }
}
