// The OpenAPI document is generated from the operations the /api/v1 routes are built from: it is a valid 3.1
// description, names every operation with its scopes, and its schemas compile (ajv, JSON Schema 2020-12).
import Ajv2020 from "ajv/dist/2020";
import addFormats from "ajv-formats";
import { openApiDocument } from "@/lib/api/openapi-document";
import { API_OPERATIONS } from "@/lib/api/operations";

it("describes every operation with the scopes its route checks", () => {
  const document = openApiDocument("https://coffer.example") as unknown as {
    openapi: string;
    paths: Record<string, Record<string, { "x-coffer-scopes"?: string[] }>>;
  };
  expect(document.openapi).toBe("3.1.0");
  for (const operation of Object.values(API_OPERATIONS)) {
    expect(document.paths[operation.path]?.[operation.method]?.["x-coffer-scopes"]).toEqual([...operation.scopes]);
  }
  expect(document.paths["/api/uploads"]?.post?.["x-coffer-scopes"]).toEqual(["files:write"]);
});

it("has schemas that compile, and a File that refuses what the API never answers", () => {
  const document = openApiDocument("https://coffer.example") as unknown as { components: { schemas: Record<string, object> } };
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  for (const [name, schema] of Object.entries(document.components.schemas)) ajv.addSchema(schema, `#/components/schemas/${name}`);
  const file = ajv.getSchema("#/components/schemas/File")!;
  const good = { id: "f1", name: "a.txt", size: 3, mimeType: "text/plain", sha256: "a".repeat(64), createdAt: new Date().toISOString() };
  expect(file(good)).toBe(true);
  expect(file({ ...good, size: "3" })).toBe(false);
  expect(file({ ...good, createdAt: "yesterday" })).toBe(false);
});
