// GET /api/health — readiness, for load balancers: 200 {"status":"ok"} when this node's database and blob store
// answer, 503 {"status":"unavailable","failed":[…]} naming which did not, and 503 {"status":"stopping"} from the
// moment the node got SIGTERM (it finishes its transfers, takes no new ones). No session, no rate limit (the proxy
// never runs on /api), no log line per poll (server.ts), and nothing about versions, hosts or errors in the body.
import { failedDependencies } from "@/lib/health/check-health";
import { isStopping } from "@/lib/server-bridge";
import { withPublic } from "@/lib/http/with-public";

export const dynamic = "force-dynamic";

const answer = (status: number, body: object) => Response.json(body, { status, headers: { "Cache-Control": "no-store" } });

export const GET = withPublic(
  async () => {
    if (isStopping()) return answer(503, { status: "stopping" });
    const failed = await failedDependencies();
    if (isStopping()) return answer(503, { status: "stopping" });
    return failed.length === 0 ? answer(200, { status: "ok" }) : answer(503, { status: "unavailable", failed });
  },
  { why: "load balancers poll it without credentials" },
);
