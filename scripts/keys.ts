// `npm run keys -- <command>`: master keys, rotated in two phases so that no step can lock the owner out.
//   status                        every configured key, whether a running Coffer has seen it, the files it wraps and the
//                                 values it seals (lib/crypto/sealed-values.ts), and whether it can be removed
//   add [--dotenv FILE]           adds a new key as a secondary (the active key stays first); restart Coffer next
//   promote ID [--dotenv FILE] [--confirm-stored]
//                                 makes ID the active key, re-wraps every file key and re-seals every sealed value with
//                                 it; refuses while no running Coffer has seen ID (its environment lacks it). Restart
//                                 Coffer afterwards; running it again re-does what the server made meanwhile.
// The keys live in FILE (.env.local by default), or in the process environment, which wins over the file for the
// server too: then this script writes nothing, prints the new value to store, and `promote` waits for
// --confirm-stored, the operator's word that the server's environment holds it.
import path from "node:path";
import { loadEnvConfig } from "@next/env";
import { readEnvValue, writeEnvValue } from "./env-file";
import { requireCofferDatabase } from "./require-coffer-database";

const USAGE = "Usage: npm run keys -- status | add [--dotenv FILE] | promote <key id> [--dotenv FILE] [--confirm-stored]";
const NAME = "STORAGE_MASTER_KEY";

function option(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

async function main() {
  const [command, argument] = process.argv.slice(2);
  const envFile = path.resolve(option("--dotenv") ?? ".env.local");
  // Decided before .env.local is loaded: a value already in the process environment is the one the server uses.
  const fromProcess = process.env[NAME];
  const current = fromProcess ?? readEnvValue(envFile, NAME);
  if (!current) throw new Error(`${NAME} is set neither in the environment nor in ${envFile}.`);
  process.env[NAME] = current;
  loadEnvConfig(process.cwd());
  if (command === "status" || command === "promote") await requireCofferDatabase();

  const { parseMasterKeys, formatMasterKeys } = await import("@/lib/env/master-keys");
  const { generateMasterKey, isKeyRegistered, rewrapAll } = await import("@/lib/crypto/rotate-master-key");
  const { countSealedValues, resealAll } = await import("@/lib/crypto/sealed-values");
  const { db } = await import("@/lib/db");
  const keys = parseMasterKeys(current);
  const where = fromProcess ? "the process environment" : path.relative(process.cwd(), envFile) || envFile;

  /** Saves the new list where it lives, or says what to store when that is the process environment. */
  const save = (value: string, what: string) => {
    if (fromProcess) {
      console.log(`${NAME} comes from the process environment, which this script cannot change. Store this value there:`);
      console.log(`${NAME}=${value}`);
      return;
    }
    writeEnvValue(envFile, NAME, value);
    console.log(`${what} in ${where} (written and synced to disk). Keep a copy apart from the data: without it the files cannot be read.`);
  };

  if (command === "status") {
    const files = new Map((await db.file.groupBy({ by: ["masterKeyId"], _count: true })).map((row) => [row.masterKeyId, row._count]));
    const sealed = await countSealedValues();
    const uses = (id: string) =>
      [`${files.get(id) ?? 0} file(s)`, ...sealed.map(({ label, byKey }) => `${byKey.get(id) ?? 0} ${label}(s)`)].join(", ");
    const unused = (id: string) => !files.get(id) && sealed.every(({ byKey }) => !byKey.get(id));
    for (const [index, key] of keys.entries()) {
      const seen = (await isKeyRegistered(key)) ? "seen by a running Coffer" : "NOT yet seen by a running Coffer";
      const removable = index > 0 && unused(key.id) ? "; wraps and seals nothing: it can be removed" : "";
      console.log(`${key.id}${index === 0 ? " (active)" : ""}: ${uses(key.id)}, ${seen}${removable}`);
    }
    const unknown = new Set([...files.keys(), ...sealed.flatMap(({ byKey }) => [...byKey.keys()])]);
    for (const id of unknown) {
      if (!keys.some((key) => key.id === id)) console.log(`${id}: ${uses(id)}, NOT CONFIGURED: these cannot be read`);
    }
    return;
  }

  if (command === "add") {
    const next = generateMasterKey();
    // Appended: the active key (the first) stays as it is until the new one is promoted.
    save(formatMasterKeys([...keys, next]), `Added master key "${next.id}" as a secondary`);
    console.log(`Next: restart Coffer so that it loads "${next.id}", then run: npm run keys -- promote ${next.id}`);
    return;
  }

  if (command === "promote") {
    const next = keys.find((key) => key.id === argument);
    if (!next) throw new Error(`there is no key "${argument ?? ""}" in ${NAME} (${keys.map((key) => key.id).join(", ")}).`);
    if (!(await isKeyRegistered(next))) {
      throw new Error(
        `no running Coffer has seen key "${next.id}": the server's environment lacks it (or holds another value). ` +
          `Give the server the value from \`npm run keys -- add\`, restart it, and promote again. Nothing was changed.`,
      );
    }
    if (fromProcess && !process.argv.includes("--confirm-stored")) {
      throw new Error(
        `${NAME} comes from the process environment. Store the value below where the server reads it, then run this again with ` +
          `--confirm-stored. Nothing was changed.\n${NAME}=${formatMasterKeys([next, ...keys.filter((key) => key !== next)])}`,
      );
    }
    // The new order is saved before any data key depends on it, so a crash at any point leaves every file readable.
    save(formatMasterKeys([next, ...keys.filter((key) => key !== next)]), `Made "${next.id}" the active master key`);
    const rewrapped = await rewrapAll({ keys, next });
    console.log(`Re-wrapped ${rewrapped} file key(s) with "${next.id}".`);
    for (const { label, resealed } of await resealAll({ keys, next })) console.log(`Re-sealed ${resealed} ${label}(s) with "${next.id}".`);
    console.log(
      "Restart Coffer so that new uploads and secrets use it, then check `npm run keys -- status`: what the server made " +
        "meanwhile with the old key is re-done by running this promote again.",
    );
    return;
  }

  if (command === "rotate")
    throw new Error("rotation now takes two steps: `npm run keys -- add`, restart Coffer, then `npm run keys -- promote <id>`.");
  console.error(USAGE);
  process.exit(2);
}

main().catch((error: Error) => {
  console.error(`npm run keys: ${error.message}`);
  process.exit(1);
});
