// Checks real answers against the server's own OpenAPI document (/api/v1/openapi.json): the status must be one the
// operation describes, a JSON body must match that status's schema (ajv, JSON Schema 2020-12, as OpenAPI 3.1 is), and
// the headers it names must be there. Records what was checked, so a test can demand every operation was seen
// answering both a success and an error.
import Ajv2020, { type ValidateFunction } from "ajv/dist/2020";
import addFormats from "ajv-formats";

type Schema = Record<string, unknown>;
type ResponseSpec = { content?: Record<string, { schema?: Schema }>; headers?: Record<string, unknown> };
type Operation = { operationId: string; responses: Record<string, ResponseSpec> };
export type OpenApiDocument = {
  openapi: string;
  servers: { url: string }[];
  paths: Record<string, Record<string, Operation>>;
  components: { schemas: Record<string, Schema> };
};

export class OpenApiCheck {
  private readonly ajv = new Ajv2020({ strict: false, allErrors: true });
  private readonly operations = new Map<string, Operation>();
  private readonly validators = new Map<string, ValidateFunction>();
  /** operationId → statuses seen. */
  readonly seen = new Map<string, Set<number>>();

  constructor(readonly document: OpenApiDocument) {
    addFormats(this.ajv);
    this.ajv.addSchema({ $id: "doc", components: document.components }, "doc");
    for (const item of Object.values(document.paths))
      for (const operation of Object.values(item)) if (operation?.operationId) this.operations.set(operation.operationId, operation);
  }

  operationIds(): string[] {
    return [...this.operations.keys()];
  }

  private validator(key: string, schema: Schema): ValidateFunction {
    let found = this.validators.get(key);
    if (!found) {
      // $refs point into the document's components: rewrite them to the schema registered as "doc".
      const rebased = JSON.parse(JSON.stringify(schema).replaceAll('"#/components/', '"doc#/components/')) as Schema;
      found = this.ajv.compile(rebased);
      this.validators.set(key, found);
    }
    return found;
  }

  /** Fails (throws) unless `response` is what the document says `operationId` answers; answers the parsed JSON body. */
  async check(operationId: string, response: Response): Promise<unknown> {
    const operation = this.operations.get(operationId);
    if (!operation) throw new Error(`the document has no operation ${operationId}`);
    const status = response.status;
    const spec = operation.responses[String(status)];
    const text = await response.text();
    if (!spec) throw new Error(`${operationId} answered ${status}, which the document does not describe: ${text.slice(0, 300)}`);
    for (const name of Object.keys(spec.headers ?? {})) {
      // Coffer-File-Id comes only with a finished upload; the others always.
      if (name === "Coffer-File-Id") continue;
      if (!response.headers.has(name)) throw new Error(`${operationId} ${status}: the header ${name} is missing`);
    }
    const json = spec.content?.["application/json"]?.schema;
    let body: unknown = undefined;
    if (json) {
      expectType(response, "application/json", operationId);
      body = JSON.parse(text);
      const validate = this.validator(`${operationId} ${status}`, json);
      if (!validate(body)) {
        throw new Error(
          `${operationId} ${status} does not match the document: ${this.ajv.errorsText(validate.errors)}\n${text.slice(0, 500)}`,
        );
      }
    } else if (!spec.content && text.length > 0) {
      throw new Error(`${operationId} ${status} has a body the document does not describe: ${text.slice(0, 200)}`);
    }
    if (!this.seen.has(operationId)) this.seen.set(operationId, new Set());
    this.seen.get(operationId)!.add(status);
    return body;
  }
}

function expectType(response: Response, type: string, operationId: string) {
  const got = response.headers.get("content-type") ?? "";
  if (!got.startsWith(type)) throw new Error(`${operationId}: Content-Type ${got}, not ${type}`);
}
