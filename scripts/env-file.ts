// Reading and writing one variable of a dotenv file the way the server reads it: dotenv's own parser, and
// the last line that defines the variable is the one that counts (and the one rewritten). A write goes
// through a temporary file that is fsynced, renamed over the original, and the folder fsynced, so a crash
// leaves the old file or the new one, never half of one.
import fs from "node:fs";
import path from "node:path";
import { parse } from "dotenv";

export function readEnvValue(file: string, name: string): string | undefined {
  return fs.existsSync(file) ? parse(fs.readFileSync(file))[name] : undefined;
}

const definesName = (name: string) => new RegExp(`^\\s*(?:export\\s+)?${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*[=:]`);

export function writeEnvValue(file: string, name: string, value: string): void {
  const lines = fs.existsSync(file) ? fs.readFileSync(file, "utf8").split("\n") : [];
  const defines = definesName(name);
  const last = lines.findLastIndex((line) => defines.test(line));
  if (last >= 0) lines[last] = `${name}=${value}`;
  else lines.splice(lines.length && lines[lines.length - 1] === "" ? lines.length - 1 : lines.length, 0, `${name}=${value}`);
  const temporary = `${file}.${process.pid}.tmp`;
  const handle = fs.openSync(temporary, "w", 0o600);
  try {
    fs.writeSync(handle, lines.join("\n").replace(/\n*$/, "\n"));
    fs.fsyncSync(handle);
  } finally {
    fs.closeSync(handle);
  }
  fs.renameSync(temporary, file);
  const folder = fs.openSync(path.dirname(path.resolve(file)), "r");
  try {
    fs.fsyncSync(folder);
  } finally {
    fs.closeSync(folder);
  }
  if (readEnvValue(file, name) !== value) throw new Error(`${file}: ${name} did not read back as written`);
}
