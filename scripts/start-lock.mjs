// The start lock (docs/decisions/072): one server per folder. `npm start` holds an exclusive lock on the open
// file .coffer-server.lock from before it touches node_modules until the server it starts has exited; the
// server inherits the open file, so the lock lasts as long as either process. The operating system drops the
// lock when the last process holding the file ends, however it ends (crash, kill -9, reboot): nothing is ever
// left to clean up, and what the file says is only a note of who holds it. Linux: an open file description
// lock (fcntl F_OFD_SETLK); macOS: flock; Windows: LockFileEx; through fs-native-extensions (prebuilt, no
// install script). Plain Node: the lock is taken before anything else runs.
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { createRequire } from "node:module";

export const LOCK_FILE = ".coffer-server.lock";
/** Where `npm start` kept the server's pid before the lock; no longer read, removed on start. */
export const OLD_PID_FILE = ".coffer-server.pid";

const require = createRequire(import.meta.url);

/** fs-native-extensions, or null before `npm install` has brought it (a first start: nothing runs from here). */
export function lockFunctions() {
  try {
    return require("fs-native-extensions");
  } catch (error) {
    if (error?.code === "MODULE_NOT_FOUND") return null;
    throw error;
  }
}

/** "Coffer is already running from this folder (pid N)", from the note the lock's holder wrote. */
export function holderSentence(note) {
  let holder = null;
  try {
    holder = JSON.parse(note);
  } catch {
    // A note being written, or not one of ours: the lock alone says a process holds it.
  }
  const pid = Number.isInteger(holder?.pid) ? ` (pid ${holder.pid})` : "";
  // `npm run move` holds the lock too, so that nothing starts the instance it is copying.
  if (holder?.state === "moving") return `\`npm run move\` is copying this folder's instance${pid}`;
  const starting = holder?.state === "starting" ? " (it is starting up)" : "";
  return `Coffer is already running from this folder${pid}${starting}`;
}

/**
 * Takes the lock in `root`: `{ fd, note(state, pid) }` while this process holds it (pass `fd` to the server so it
 * holds it too), or `{ refused: sentence }` when another process holds it.
 */
export function takeStartLock(root, { tryLock } = lockFunctions()) {
  const file = path.join(root, LOCK_FILE);
  // Read and write, never truncated on open: a refused start must not erase the holder's note.
  const fd = fs.openSync(file, fs.constants.O_RDWR | fs.constants.O_CREAT, 0o600);
  if (!tryLock(fd)) {
    const note = fs.readFileSync(fd, "utf8");
    fs.closeSync(fd);
    return { refused: holderSentence(note) };
  }
  const note = (state, pid = process.pid) => {
    const text = Buffer.from(`${JSON.stringify({ pid, state })}\n`);
    fs.ftruncateSync(fd, 0);
    fs.writeSync(fd, text, 0, text.length, 0);
  };
  note("starting");
  fs.rmSync(path.join(root, OLD_PID_FILE), { force: true });
  return { fd, note };
}

/**
 * Whether a server holds the lock in `root` (for commands that need Coffer stopped): the sentence saying so, or
 * null. A shared lock for the look, so that two such commands looking at once do not see each other.
 */
export function startLockHolder(root, { tryLock, unlock } = lockFunctions()) {
  const file = path.join(root, LOCK_FILE);
  let fd;
  try {
    fd = fs.openSync(file, "r");
  } catch (error) {
    if (error.code === "ENOENT") return null;
    throw error;
  }
  try {
    if (tryLock(fd, { shared: true })) {
      unlock(fd);
      return null;
    }
    return holderSentence(fs.readFileSync(fd, "utf8"));
  } finally {
    fs.closeSync(fd);
  }
}

/** Whether something answers on 127.0.0.1:`port` (a Coffer started without `npm start` holds no lock, but its port). */
export function portTaken(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, "127.0.0.1");
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("error", () => (socket.destroy(), resolve(false)));
  });
}
