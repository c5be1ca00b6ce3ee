// Blobs on the local disk under STORAGE_DIR. Files' blobs: blobs/<2-character fan-out>/<name>, written through
// tmp/<name>.<uuid>.part and renamed into place; previews the same under previews/ (the layout of earlier versions,
// so an existing folder needs no migration).
import fsp from "node:fs/promises";
import path from "node:path";
import { randomUUID } from "node:crypto";
import {
  assertBlobName,
  StoreCheckError,
  type BlobNamespace,
  type BlobSpace,
  type BlobStore,
  type IncompleteWrite,
  type ResumableWriter,
  type SuspendedWrite,
} from "./blob-store";

// `<name>.<uuid>.part`: the name a temporary file was written for.
const TEMPORARY = /^([A-Za-z0-9_-]{1,100})\.[0-9a-f-]{36}\.part$/;

/** A resumable write's temporary file, as its state names it: one of `name`'s, nothing else. */
function temporaryOf(name: string, state: string): string {
  if (TEMPORARY.exec(state)?.[1] !== name) throw new Error("invalid resumable write state");
  return state;
}

/** What is left of `buffers` after the first `written` bytes went out. */
function remainder(buffers: Buffer[], written: number): Buffer[] {
  let skip = written;
  const rest: Buffer[] = [];
  for (const buffer of buffers) {
    if (skip >= buffer.length) skip -= buffer.length;
    else {
      rest.push(skip > 0 ? buffer.subarray(skip) : buffer);
      skip = 0;
    }
  }
  return rest;
}

async function syncDir(dir: string) {
  const handle = await fsp.open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

const isMissing = (error: unknown) => (error as NodeJS.ErrnoException).code === "ENOENT";

function localSpace(root: string): BlobSpace {
  const blobsDir = path.join(root, "blobs");
  const tmpDir = path.join(root, "tmp");
  const blobPath = (name: string) => {
    assertBlobName(name);
    return path.join(blobsDir, name.slice(0, 2), name);
  };

  /**
   * Writes through tmp/<name>.<uuid>.part, renamed into place by `commit`. A resumable write's state is that
   * temporary file's name; a resume truncates it to the durable bytes and appends from there.
   */
  async function openWriter(name: string, from: SuspendedWrite | null): Promise<ResumableWriter> {
    const finalPath = blobPath(name);
    await fsp.mkdir(tmpDir, { recursive: true });
    const file = from ? temporaryOf(name, from.state) : `${name}.${randomUUID()}.part`;
    const tmpPath = path.join(tmpDir, file);
    const handle = await fsp.open(tmpPath, from ? "r+" : "wx", 0o600);
    let written = 0;
    if (from) {
      try {
        await handle.truncate(from.bytes);
        written = from.bytes;
      } catch (error) {
        await handle.close();
        throw error;
      }
    }
    let closed = false;
    let committed = false;
    const close = async () => {
      if (closed) return;
      closed = true;
      await handle.close();
    };
    const durable = async (): Promise<SuspendedWrite> => {
      if (!closed) await handle.datasync();
      return { state: file, bytes: written };
    };
    return {
      // Several buffers (segments and their tags) go out in one system call, at the write's own position.
      async write(buffers) {
        if (closed) throw new Error("write after the writer ended");
        let pending = buffers;
        while (pending.length > 0) {
          const { bytesWritten } = await handle.writev(pending, written);
          written += bytesWritten;
          pending = remainder(pending, bytesWritten);
        }
      },
      async checkpoint() {
        return (await durable()).bytes;
      },
      checkpointState: durable,
      async suspend() {
        const at = await durable();
        await close();
        return at;
      },
      async commit() {
        await handle.sync();
        await close();
        await fsp.mkdir(path.dirname(finalPath), { recursive: true });
        await fsp.rename(tmpPath, finalPath);
        committed = true;
        await syncDir(path.dirname(finalPath));
      },
      async abort() {
        await close().catch(() => undefined);
        await fsp.rm(tmpPath, { force: true });
        if (committed) await fsp.rm(finalPath, { force: true });
      },
    };
  }

  return {
    createWriter: (name) => openWriter(name, null),
    resumeWriter: (name, { from }) => openWriter(name, from),

    async read(name, { start, end, chunkBytes }) {
      let handle: fsp.FileHandle;
      try {
        handle = await fsp.open(blobPath(name), "r");
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
      try {
        const { size } = await handle.stat();
        // The stream owns the descriptor from here and closes it when it ends or is destroyed.
        const body = handle.createReadStream({ start, end: Math.max(start, end), highWaterMark: chunkBytes ?? 1024 * 1024 });
        return { body, size };
      } catch (error) {
        await handle.close();
        throw error;
      }
    },

    async size(name) {
      try {
        return (await fsp.stat(blobPath(name))).size;
      } catch (error) {
        if (isMissing(error)) return null;
        throw error;
      }
    },

    async remove(name) {
      await fsp.rm(blobPath(name), { force: true });
    },

    async saveCopy(name, file) {
      const from = blobPath(name);
      try {
        await fsp.link(from, file);
      } catch (error) {
        if (isMissing(error)) return null;
        const code = (error as NodeJS.ErrnoException).code;
        if (code !== "EXDEV" && code !== "EPERM" && code !== "EMLINK") throw error;
        try {
          await fsp.copyFile(from, file);
        } catch (copyError) {
          if (isMissing(copyError)) return null;
          throw copyError;
        }
      }
      return (await fsp.stat(file)).size;
    },

    async *list() {
      let fanouts: string[];
      try {
        fanouts = await fsp.readdir(blobsDir);
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const fanout of fanouts) {
        for (const name of await fsp.readdir(path.join(blobsDir, fanout))) {
          if (!/^[A-Za-z0-9_-]{1,100}$/.test(name)) continue;
          const stat = await fsp.stat(path.join(blobsDir, fanout, name)).catch(() => null);
          if (stat) yield { name, size: stat.size, modifiedAt: stat.mtime };
        }
      }
    },

    async *listIncompleteWrites(olderThan) {
      let names: string[];
      try {
        names = await fsp.readdir(tmpDir);
      } catch (error) {
        if (isMissing(error)) return;
        throw error;
      }
      for (const file of names) {
        const stat = await fsp.stat(path.join(tmpDir, file)).catch(() => null);
        if (!stat || stat.mtime >= olderThan) continue;
        const write: IncompleteWrite = { name: TEMPORARY.exec(file)?.[1] ?? null, since: stat.mtime, handle: file };
        yield write;
      }
    },

    async removeIncompleteWrite(write) {
      const file = write.handle;
      if (file.includes("/") || file.includes("\\") || file === "." || file === "..") throw new Error("invalid temporary file name");
      await fsp.rm(path.join(tmpDir, file), { force: true });
    },
  };
}

export function createLocalDiskStore(storageDir: string): BlobStore {
  const root = path.resolve(storageDir);
  const spaces: Record<BlobNamespace, string> = { files: root, previews: path.join(root, "previews") };
  return {
    name: "local",
    location: root,
    capabilities: { freeSpace: true, minPartBytes: null, maxParts: null, readsOwnChunks: true },
    files: localSpace(spaces.files),
    previews: localSpace(spaces.previews),

    async freeBytes() {
      await fsp.mkdir(root, { recursive: true });
      const stats = await fsp.statfs(root);
      return stats.bavail * stats.bsize;
    },

    async ping() {
      const stat = await fsp.stat(root);
      if (!stat.isDirectory()) throw new Error("STORAGE_DIR is not a folder");
      await fsp.access(root, fsp.constants.R_OK | fsp.constants.W_OK | fsp.constants.X_OK);
    },

    async check() {
      const probe = path.join(root, "tmp", `.coffer-check-${randomUUID()}`);
      try {
        await fsp.mkdir(path.dirname(probe), { recursive: true });
        await fsp.writeFile(probe, "coffer", { mode: 0o600 });
        await fsp.rm(probe);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code ?? "error";
        throw new StoreCheckError(`STORAGE_DIR ${root} cannot be written (${code}): create it and give the server's user write access.`);
      }
    },
  };
}
