// GET /api/health/live — liveness: the process answers HTTP. It touches no dependency (a database outage must not
// get every node restarted) and stays 200 while the node drains after SIGTERM; readiness is /api/health.
export const dynamic = "force-dynamic";

export function GET() {
  return Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } });
}
