// Every export of a "use server" file is a public endpoint. This check fails when one is not built
// by the project's action helpers (authAction, publicAction, adminAction in lib/actions/safe-action.ts),
// which resolve the caller and validate the input.
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const HELPERS = /^export const (\w+) = (authAction|publicAction|adminAction)\(/;
const problems = [];

function walk(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (["node_modules", ".next", "generated", ".git"].includes(entry.name)) continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (/\.(ts|tsx|js|mjs)$/.test(entry.name)) check(full);
  }
}

function check(file) {
  const source = fs.readFileSync(file, "utf8");
  if (!/^\s*(\/\/[^\n]*\n\s*)*["']use server["']/.test(source)) return;
  const lines = source.split("\n");
  lines.forEach((line, index) => {
    if (!/^export\b/.test(line) || /^export type\b/.test(line)) return;
    if (!HELPERS.test(line)) problems.push(`${path.relative(root, file)}:${index + 1}: ${line.trim()}`);
  });
}

for (const dir of ["app", "components", "lib"]) walk(path.join(root, dir));
if (problems.length) {
  console.error("These server action exports do not go through authAction/publicAction/adminAction:");
  for (const problem of problems) console.error(`  ${problem}`);
  process.exit(1);
}
console.log("Every server action export goes through the action helpers.");
