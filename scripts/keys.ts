// `npm run keys -- rotate [--dotenv PATH]`: adds a new master key in front of STORAGE_MASTER_KEY
// (in .env.local by default; older keys stay so nothing becomes unreadable) and re-wraps every
// file's data key with it. Restart Coffer afterwards so it loads the new key.
// `npm run keys -- status`: how many files each master key wraps.
import fs from "node:fs";
import path from "node:path";
import { loadEnvConfig } from "@next/env";

function option(name: string, fallback: string): string {
  const index = process.argv.indexOf(name);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

function readVariable(file: string, name: string): string | undefined {
  if (!fs.existsSync(file)) return undefined;
  const line = fs
    .readFileSync(file, "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}=`));
  return line
    ?.slice(name.length + 1)
    .trim()
    .replace(/^["']|["']$/g, "");
}

function writeVariable(file: string, name: string, value: string) {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : [];
  const index = lines.findIndex((l) => l.startsWith(`${name}=`));
  if (index >= 0) lines[index] = `${name}=${value}`;
  else lines.splice(lines.length && lines[lines.length - 1] === "" ? lines.length - 1 : lines.length, 0, `${name}=${value}`);
  const temporary = `${file}.tmp`;
  fs.writeFileSync(temporary, lines.join("\n").replace(/\n*$/, "\n"), { mode: 0o600 });
  fs.renameSync(temporary, file);
}

async function main() {
  const command = process.argv[2];
  const envFile = path.resolve(option("--dotenv", ".env.local"));
  // The process environment wins over .env.local for the server too, so it decides the current keys.
  const fromProcess = process.env.STORAGE_MASTER_KEY;
  loadEnvConfig(process.cwd());
  const { parseMasterKeys, formatMasterKeys } = await import("@/lib/env/master-keys");
  const { db } = await import("@/lib/db");

  if (command === "status") {
    const counts = await db.file.groupBy({ by: ["masterKeyId"], _count: true });
    for (const row of counts) console.log(`${row.masterKeyId}: ${row._count} file(s)`);
    if (counts.length === 0) console.log("No files yet.");
    return;
  }
  if (command !== "rotate") {
    console.error("Usage: npm run keys -- rotate [--dotenv PATH] | status");
    process.exit(2);
  }

  const { generateMasterKey, rewrapAll } = await import("@/lib/crypto/rotate-master-key");
  const current = fromProcess ?? readVariable(envFile, "STORAGE_MASTER_KEY");
  if (!current) throw new Error(`STORAGE_MASTER_KEY is set neither in ${envFile} nor in the environment.`);
  const keys = parseMasterKeys(current);
  const next = generateMasterKey();
  // The key is saved before any data key depends on it, so a crash leaves every file readable.
  writeVariable(envFile, "STORAGE_MASTER_KEY", formatMasterKeys([next, ...keys]));
  const rewrapped = await rewrapAll({ keys, next });
  console.log(
    `Added master key "${next.id}" to ${path.relative(process.cwd(), envFile) || envFile} and re-wrapped ${rewrapped} file key(s).`,
  );
  if (fromProcess) {
    console.log(`STORAGE_MASTER_KEY is set in the process environment, which wins: give it the new value saved in ${envFile}.`);
  }
  console.log("Restart Coffer so that it loads the new key.");
}

main().catch((error: Error) => {
  console.error(`Key rotation failed: ${error.message}`);
  process.exit(1);
});
