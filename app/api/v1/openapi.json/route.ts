// GET /api/v1/openapi.json — the API's OpenAPI 3.1 description, generated from the schemas its routes validate with.
import { withPublic } from "@/lib/http/with-public";
import { openApiDocument } from "@/lib/api/openapi-document";
import { env } from "@/lib/env";

export const dynamic = "force-dynamic";

export const GET = withPublic(
  () => Response.json(openApiDocument(env().APP_URL), { headers: { "Cache-Control": "public, max-age=300" } }),
  {
    why: "the API's description is public, as the reference page is: it says what the API does, nothing about anyone",
  },
);
