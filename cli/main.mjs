// coffer: the command-line client (README, "Command-line client"). Every command prints JSON with --json, exits
// with a code that says what happened (errors.mjs), and never prints the token.
import readline from "node:readline";
import { Writable } from "node:stream";
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { Api, errorOf } from "./api.mjs";
import { loadCredentials, normalizeUrl, saveCredentials } from "./config.mjs";
import { downloadFile } from "./download.mjs";
import { linkBody, parseExpiry, parseLimit } from "./durations.mjs";
import { CliError, EXIT, keepSecret, redact } from "./errors.mjs";
import { humanSize, note, printJson, printLine } from "./output.mjs";
import { uploadFiles } from "./upload.mjs";

const TOKEN_SHAPE = /^coffer_pat_[A-Za-z0-9_-]{20,}$/;

/** Asks on the terminal; `hidden` echoes nothing (for the token). */
async function ask(question, { hidden = false } = {}) {
  let muted = false;
  const output = new Writable({
    write(chunk, _encoding, callback) {
      if (!muted) process.stderr.write(chunk);
      callback();
    },
  });
  const rl = readline.createInterface({ input: process.stdin, output, terminal: Boolean(process.stdin.isTTY) });
  try {
    process.stderr.write(question);
    muted = hidden;
    const answer = await new Promise((resolve, reject) => {
      rl.once("line", resolve);
      rl.once("close", () => reject(new CliError("usage", "No answer given.")));
    });
    if (hidden) process.stderr.write("\n");
    return answer.trim();
  } finally {
    rl.close();
  }
}

/** Checks a URL and token: 401 means the token is refused; 403 or 404 on a file that is no file means it works. */
async function checkCredentials({ url, token }) {
  const api = new Api({ url, token });
  const health = await api.fetch("/api/health");
  const body = await health.text();
  if (!/"status"/.test(body))
    throw new CliError("network", `${url} does not answer like a Coffer server (GET /api/health: ${health.status}).`);
  const probe = await api.fetch("/api/files/-/download", { method: "HEAD" });
  if (probe.status === 401) throw await errorOf(probe);
  if (![403, 404].includes(probe.status) && !probe.ok) throw await errorOf(probe);
}

const api = () => new Api(loadCredentials());

function jsonOption(command) {
  return command.option("--json", "print JSON for scripts (and no progress bar)");
}

function linkOptions(command) {
  return command
    .option("--expires <days>", 'days until the link expires ("7d", "2w") or "never"', (value) => (parseExpiry(value), value))
    .option("--limit <downloads>", "how many downloads the link allows", (value) => (parseLimit(value), value))
    .option("--password <password>", "a password visitors must give")
    .option("--label <label>", "a label only you see");
}

const createLink = async (client, id, options) =>
  (await client.json(`/api/v1/files/${encodeURIComponent(id)}/links`, { method: "POST", body: linkBody(options) })).link;

export function program({ signal }) {
  const root = new Command("coffer")
    .description("Upload, download, list and share files on a Coffer server.")
    .version("0.1.0")
    .showHelpAfterError("(coffer --help lists the commands)")
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(redact(text)), writeOut: (text) => process.stdout.write(redact(text)) });

  jsonOption(
    root
      .command("login")
      .description("check a server's URL and a token, and keep them in the config folder (asked for when not given)")
      .addOption(new Option("--url <url>", "the server's address, such as https://files.example.org"))
      .addOption(
        new Option("--token <token>", "a personal access token (Settings → API tokens); read from stdin when it is not a terminal"),
      ),
  ).action(async (options) => {
    const url = normalizeUrl(options.url ?? (await ask("Coffer URL: ")));
    let token = options.token;
    if (!token) token = process.stdin.isTTY ? await ask("Token (input hidden): ", { hidden: true }) : await ask("");
    keepSecret(token);
    if (!TOKEN_SHAPE.test(token)) throw new CliError("usage", "That is not a Coffer token (they start with coffer_pat_).");
    await checkCredentials({ url, token });
    const file = saveCredentials({ url, token });
    if (options.json) printJson({ url, configFile: file });
    else printLine(`Signed in to ${url}; saved in ${file}.`);
  });

  linkOptions(
    jsonOption(
      root
        .command("upload")
        .description("upload files (resumable: run it again after an interruption and it goes on)")
        .argument("<files...>", "the files to upload")
        .option("--link", "make a public link to each file"),
    ),
  ).action(async (files, options) => {
    const client = api();
    const wantsLink = options.link || ["expires", "limit", "password", "label"].some((name) => options[name] !== undefined);
    const results = await uploadFiles({
      api: client,
      files,
      json: options.json,
      signal,
      makeLink: wantsLink ? (id) => createLink(client, id, options) : null,
    });
    if (options.json) return printJson(results);
    for (const result of results) {
      printLine(`${result.id}  ${humanSize(result.size).padStart(9)}  ${result.name}${result.resumed ? "  (resumed)" : ""}`);
      if (result.link) printLine(`  ${result.link.url}`);
    }
  });

  jsonOption(
    root
      .command("download")
      .description("download a file by id (resumes a partial download; checks the SHA-256)")
      .argument("<id>", "the file's id")
      .option("-o, --output <file>", 'where to write it (default: its name, in this folder; "-" for stdout)')
      .option("-f, --force", "replace the output file when it exists"),
  ).action(async (id, options) => {
    const result = await downloadFile({ api: api(), id, output: options.output, force: options.force, json: options.json, signal });
    if (!result) return;
    if (options.json) printJson(result);
    else
      printLine(
        `${result.path}  ${humanSize(result.size)}${result.verified ? "  SHA-256 checked" : ""}${result.resumed ? "  (resumed)" : ""}`,
      );
  });

  jsonOption(
    root
      .command("ls")
      .description("list your files, newest first")
      .option("-q, --query <text>", "only files whose name matches")
      .addOption(new Option("--sort <field>", "sort by").choices(["createdAt", "name", "size"]).default("createdAt"))
      .addOption(new Option("--order <order>", "sort order").choices(["asc", "desc"]).default("desc"))
      .option("-n, --max <count>", "list at most this many", (value) => {
        if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError("a positive whole number");
        return Number(value);
      }),
  ).action(async (options) => {
    const client = api();
    const files = [];
    let cursor = "";
    do {
      const query = new URLSearchParams({ sort: options.sort, order: options.order, limit: String(Math.min(100, options.max ?? 100)) });
      if (cursor) query.set("cursor", cursor);
      if (options.query) query.set("q", options.query);
      const page = await client.json(`/api/v1/files?${query}`);
      files.push(...page.files);
      cursor = page.nextCursor ?? "";
    } while (cursor && (options.max === undefined || files.length < options.max));
    const shown = options.max === undefined ? files : files.slice(0, options.max);
    if (options.json) return printJson(shown);
    for (const file of shown) {
      printLine(`${file.id}  ${humanSize(file.size).padStart(9)}  ${String(file.createdAt).slice(0, 16).replace("T", " ")}  ${file.name}`);
    }
    if (shown.length === 0) note("No files.");
  });

  linkOptions(jsonOption(root.command("link").description("make a public link to a file").argument("<id>", "the file's id"))).action(
    async (id, options) => {
      const link = await createLink(api(), id, options);
      if (options.json) printJson(link);
      else printLine(link.url);
    },
  );

  jsonOption(root.command("rm").description("delete a file (and its links and shares)").argument("<id>", "the file's id")).action(
    async (id, options) => {
      await api().json(`/api/v1/files/${encodeURIComponent(id)}`, { method: "DELETE" });
      if (options.json) printJson({ id, deleted: true });
      else printLine(`Deleted ${id}.`);
    },
  );

  root.addHelpText(
    "after",
    `
Environment: COFFER_URL and COFFER_TOKEN override the saved login; XDG_CONFIG_HOME moves the config folder.
Exit codes: 0 ok, 1 usage, 2 auth, 3 not found, 4 refused by a limit or quota, 5 network or server,
            6 downloaded bytes did not match, 7 refused as invalid, 130 interrupted.`,
  );
  return root;
}

export async function main(argv = process.argv) {
  const controller = new AbortController();
  let interrupts = 0;
  process.on("SIGINT", () => {
    interrupts += 1;
    if (interrupts > 1) process.exit(EXIT.interrupted);
    controller.abort();
  });
  const json = argv.includes("--json");
  try {
    await program({ signal: controller.signal }).parseAsync(argv);
    return EXIT.ok;
  } catch (error) {
    if (error instanceof CommanderError) {
      // commander printed it already; --help and --version are no errors.
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help") return EXIT.ok;
      return EXIT.usage;
    }
    const failure = error instanceof CliError ? error : new CliError("network", `Unexpected error: ${error?.message ?? error}`);
    if (json) {
      const out = { error: { kind: failure.kind, exitCode: failure.exitCode, message: failure.message, ...failure.detail } };
      process.stderr.write(`${redact(JSON.stringify(out))}\n`);
    } else process.stderr.write(`coffer: ${redact(failure.message)}\n`);
    return failure.exitCode;
  }
}
