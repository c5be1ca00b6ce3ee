// /docs/api — the API reference, rendered on the server from the same OpenAPI document /api/v1/openapi.json serves
// (lib/api/openapi-document.ts): every operation with its scopes, parameters, request body and answers. Public, as
// the document is; no script and nothing fetched.
import type { Metadata } from "next";
import Link from "next/link";
import { env } from "@/lib/env";
import { openApiDocument } from "@/lib/api/openapi-document";

export const metadata: Metadata = { title: "API reference · Coffer" };
export const dynamic = "force-dynamic";

type Schema = Record<string, unknown>;
type Parameter = { name: string; in: string; required?: boolean; description?: string; schema?: Schema };
type Media = Record<string, { schema?: Schema }>;
type Operation = {
  operationId: string;
  summary?: string;
  description?: string;
  tags?: string[];
  "x-coffer-scopes"?: string[];
  parameters?: Parameter[];
  requestBody?: { content: Media };
  responses: Record<string, { description: string; content?: Media; headers?: Record<string, unknown> }>;
};

const METHODS = ["get", "head", "post", "patch", "put", "delete", "options"] as const;

function SchemaBlock({ schema }: { schema: Schema }) {
  const ref = typeof schema.$ref === "string" ? schema.$ref.split("/").pop() : null;
  if (ref)
    return (
      <a href={`#schema-${ref}`} className="font-mono underline">
        {ref}
      </a>
    );
  return (
    // Focusable, as every region that scrolls sideways must be for the keyboard.
    <pre tabIndex={0} role="region" aria-label="Schema" className="overflow-x-auto rounded bg-slate-100 p-2 text-xs">
      {JSON.stringify(schema, null, 2)}
    </pre>
  );
}

function Content({ content }: { content: Media }) {
  return (
    <ul className="flex flex-col gap-1">
      {Object.entries(content).map(([type, media]) => (
        <li key={type}>
          <span className="font-mono text-xs text-slate-600">{type}</span> {media.schema ? <SchemaBlock schema={media.schema} /> : null}
        </li>
      ))}
    </ul>
  );
}

function OperationSection({ method, path, operation }: { method: string; path: string; operation: Operation }) {
  const scopes = operation["x-coffer-scopes"];
  return (
    <section
      id={operation.operationId}
      aria-labelledby={`${operation.operationId}-heading`}
      className="rounded-xl border border-slate-200 bg-white p-5"
    >
      <h3 id={`${operation.operationId}-heading`} className="font-mono text-base font-semibold">
        {method.toUpperCase()} {path}
      </h3>
      <p className="mt-1">{operation.summary}</p>
      {operation.description ? <p className="mt-1 text-sm whitespace-pre-line text-slate-600">{operation.description}</p> : null}
      <p className="mt-2 text-sm">
        Scopes:{" "}
        {scopes?.length
          ? scopes.map((s) => (
              <code key={s} className="mr-1 rounded bg-slate-100 px-1">
                {s}
              </code>
            ))
          : "none (public)"}
      </p>
      {operation.parameters?.length ? (
        <table className="mt-3 w-full text-left text-sm">
          <caption className="text-left font-medium">Parameters</caption>
          <thead>
            <tr>
              <th scope="col">Name</th>
              <th scope="col">In</th>
              <th scope="col">Schema</th>
              <th scope="col">About</th>
            </tr>
          </thead>
          <tbody>
            {operation.parameters.map((p) => (
              <tr key={`${p.in}-${p.name}`} className="align-top">
                <td className="font-mono">
                  {p.name}
                  {p.required ? " *" : ""}
                </td>
                <td>{p.in}</td>
                <td>{p.schema ? <code className="text-xs">{JSON.stringify(p.schema)}</code> : null}</td>
                <td>{p.description}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : null}
      {operation.requestBody ? (
        <div className="mt-3 text-sm">
          <h4 className="font-medium">Request body</h4>
          <Content content={operation.requestBody.content} />
        </div>
      ) : null}
      <div className="mt-3 text-sm">
        <h4 className="font-medium">Answers</h4>
        <dl className="flex flex-col gap-2">
          {Object.entries(operation.responses).map(([status, response]) => (
            <div key={status}>
              <dt className="font-mono">{status}</dt>
              <dd className="ml-4">
                {response.description}
                {response.headers ? <span className="text-slate-600"> Headers: {Object.keys(response.headers).join(", ")}.</span> : null}
                {response.content ? <Content content={response.content} /> : null}
              </dd>
            </div>
          ))}
        </dl>
      </div>
    </section>
  );
}

export default function ApiReferencePage() {
  const document = openApiDocument(env().APP_URL) as unknown as {
    info: { title: string; description: string };
    paths: Record<string, Partial<Record<(typeof METHODS)[number], Operation>>>;
    components: { schemas: Record<string, Schema> };
  };
  const operations = Object.entries(document.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => (item[method] ? [{ method, path, operation: item[method] }] : [])),
  );
  const tags = [...new Set(operations.map((o) => o.operation.tags?.[0] ?? "Other"))];
  return (
    <main className="mx-auto flex max-w-4xl flex-col gap-6 p-6">
      <header>
        <h1 className="text-2xl font-semibold">{document.info.title}</h1>
        <p className="mt-2 text-slate-700">{document.info.description}</p>
        <p className="mt-2 text-sm">
          Machine-readable:{" "}
          <a href="/api/v1/openapi.json" className="underline">
            /api/v1/openapi.json
          </a>{" "}
          (OpenAPI 3.1). Tokens are made in{" "}
          <Link href="/settings" className="underline">
            Settings
          </Link>
          .
        </p>
      </header>
      <nav aria-label="Operations">
        <ul className="text-sm">
          {operations.map(({ method, path, operation }) => (
            <li key={operation.operationId}>
              <a href={`#${operation.operationId}`} className="font-mono underline">
                {method.toUpperCase()} {path}
              </a>{" "}
              {operation.summary}
            </li>
          ))}
        </ul>
      </nav>
      {tags.map((tag) => (
        <section key={tag} aria-labelledby={`tag-${tag}`} className="flex flex-col gap-4">
          <h2 id={`tag-${tag}`} className="text-xl font-semibold">
            {tag}
          </h2>
          {operations
            .filter((o) => (o.operation.tags?.[0] ?? "Other") === tag)
            .map((o) => (
              <OperationSection key={o.operation.operationId} {...o} />
            ))}
        </section>
      ))}
      <section aria-labelledby="schemas-heading" className="flex flex-col gap-3">
        <h2 id="schemas-heading" className="text-xl font-semibold">
          Schemas
        </h2>
        {Object.entries(document.components.schemas).map(([name, schema]) => (
          <div key={name} id={`schema-${name}`}>
            <h3 className="font-mono font-semibold">{name}</h3>
            <pre tabIndex={0} role="region" aria-label={`The ${name} schema`} className="overflow-x-auto rounded bg-slate-100 p-2 text-xs">
              {JSON.stringify(schema, null, 2)}
            </pre>
          </div>
        ))}
      </section>
    </main>
  );
}
