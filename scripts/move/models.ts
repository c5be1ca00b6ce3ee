// The tables `npm run move` copies, read from prisma/models.prisma (the one source of truth of both providers'
// schemas): every model, with the fields that identify a row (to page through a table in batches) and the models
// its foreign keys point at, in an order where every parent comes before its children.
import fs from "node:fs";
import path from "node:path";

export type ModelTable = {
  /** The model's name, as the Prisma client's delegate calls it (User → user). */
  model: string;
  delegate: string;
  /** The table's name in the database (@@map, else the model's). */
  table: string;
  /** The fields of its primary key, or of its first unique constraint when it has none (Session). */
  key: string[];
  /** The models its relations point at. */
  parents: string[];
  /** Whether it has a `store` column naming the blob store that holds a blob (File, PendingBlob, BlobDeletion). */
  hasStore: boolean;
};

const listIn = (line: string) => (/\[([^\]]*)\]/.exec(line)?.[1] ?? "").split(",").map((name) => name.trim());

function parseModel(model: string, body: string): ModelTable {
  let key: string[] | null = null;
  let unique: string[] | null = null;
  let table = model;
  const parents = new Set<string>();
  let hasStore = false;
  for (const raw of body.split("\n")) {
    const line = raw.replace(/\/\/.*$/, "").trim();
    if (!line) continue;
    if (line.startsWith("@@id(")) key = listIn(line);
    else if (line.startsWith("@@unique(")) unique ??= listIn(line);
    else if (line.startsWith("@@map(")) table = /"([^"]+)"/.exec(line)![1];
    else if (!line.startsWith("@@")) {
      const [name, type] = line.split(/\s+/);
      if (/@id\b/.test(line)) key = [name];
      else if (/@unique\b/.test(line)) unique ??= [name];
      if (/@relation\([^)]*fields:/.test(line)) parents.add(type.replace(/[?[\]]/g, ""));
      if (name === "store") hasStore = true;
    }
  }
  const identity = key ?? unique;
  if (!identity) throw new Error(`model ${model} has neither an id nor a unique field: its rows cannot be paged through`);
  const delegate = model[0].toLowerCase() + model.slice(1);
  return { model, delegate, table, key: identity, parents: [...parents].filter((parent) => parent !== model), hasStore };
}

/** Every model, parents first (the order foreign keys allow inserting in). */
export function readModels(root: string): ModelTable[] {
  const text = fs.readFileSync(path.join(root, "prisma", "models.prisma"), "utf8");
  const models = [...text.matchAll(/^model (\w+) \{\n([\s\S]*?)^\}/gm)].map(([, model, body]) => parseModel(model, body));
  const ordered: ModelTable[] = [];
  const placed = new Set<string>();
  while (ordered.length < models.length) {
    const ready = models.filter((m) => !placed.has(m.model) && m.parents.every((parent) => placed.has(parent)));
    if (ready.length === 0) throw new Error("the models' relations form a cycle: no order to copy them in");
    for (const m of ready) {
      ordered.push(m);
      placed.add(m.model);
    }
  }
  return ordered;
}
