// What the CLI prints: JSON for scripts (--json), short lines for people, progress bars only on a terminal.
import cliProgress from "cli-progress";
import { redact } from "./errors.mjs";

export function humanSize(bytes) {
  const units = ["B", "KiB", "MiB", "GiB", "TiB"];
  let value = Number(bytes);
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit += 1;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export const printJson = (value) => process.stdout.write(`${redact(JSON.stringify(value, null, 2))}\n`);
export const printLine = (line = "") => process.stdout.write(`${redact(line)}\n`);
export const note = (line) => process.stderr.write(`${redact(line)}\n`);

/** A progress bar on stderr while stdout is a terminal and no --json was asked; otherwise one that does nothing. */
export function progressBar({ json, label, total }) {
  if (json || !process.stdout.isTTY || !process.stderr.isTTY) return { update() {}, stop() {} };
  const bar = new cliProgress.SingleBar(
    {
      format: `${label.length > 30 ? `${label.slice(0, 29)}…` : label} [{bar}] {percentage}% | {done} / {size} | {speed}`,
      hideCursor: true,
      etaBuffer: 50,
      stopOnComplete: false,
      clearOnComplete: true,
    },
    cliProgress.Presets.shades_classic,
  );
  const started = Date.now();
  let from = null;
  const fields = (value) => {
    const seconds = (Date.now() - started) / 1000;
    const speed = seconds > 0.5 && from !== null ? `${humanSize((value - from) / seconds)}/s` : "";
    return { done: humanSize(value), size: humanSize(total), speed };
  };
  let begun = false;
  return {
    update(value) {
      if (!begun) {
        begun = true;
        from = value;
        bar.start(total, value, fields(value));
      } else bar.update(value, fields(value));
    },
    stop() {
      if (begun) bar.stop();
    },
  };
}
