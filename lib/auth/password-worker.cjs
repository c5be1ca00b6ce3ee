// The bcrypt work of lib/auth/password-pool.ts, run in worker threads so a burst of sign-ins cannot stall
// the event loop every other request needs. A plain CommonJS file, loaded by path at run time: Next.js
// bundles the app's own modules, and a worker needs a file that exists as it is (docs/decisions/015).
// eslint-disable-next-line @typescript-eslint/no-require-imports -- a plain CommonJS worker, loaded by path
const bcrypt = require("bcryptjs");

/** @param {{ op: "hash", input: string, salt: string } | { op: "compare", input: string, hash: string }} task */
module.exports = function passwordTask(task) {
  if (task.op === "hash") return bcrypt.hash(task.input, task.salt);
  if (task.op === "compare") return bcrypt.compare(task.input, task.hash);
  throw new Error(`unknown password task ${task.op}`);
};
