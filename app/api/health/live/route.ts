// GET /api/health/live — liveness: the process answers HTTP. It touches no dependency (a database outage must not
// get every node restarted) and stays 200 while the node drains after SIGTERM; readiness is /api/health.
import { withPublic } from "@/lib/http/with-public";

export const dynamic = "force-dynamic";

export const GET = withPublic(() => Response.json({ status: "ok" }, { headers: { "Cache-Control": "no-store" } }), {
  why: "service managers poll it without credentials",
});
