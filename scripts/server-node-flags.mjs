// The Node flags Coffer's production server runs with, wherever it starts: `npm start`, the tests' and the
// bench's throwaway servers. Run `node .next/coffer-server.js` yourself (a service unit, a container)? Pass these.
// --max-semi-space-size=32: a young generation of up to 32 MiB per semi-space (V8's default is 16). Transfers
// allocate a buffer or two per 64 KiB; with a small young generation some of them outlive two scavenges, get
// promoted, and the old generation then needs a full mark-compact every 20–30 MiB of transfer: 40 per GiB,
// up to 5 extra CPU seconds per GiB. 64 cut transfers as well but slowed the first dashboard pages from about 40
// to 70 ms. Decision 030 and docs/performance.md have the measurements.
export const SERVER_NODE_FLAGS = ["--max-semi-space-size=32"];

/** `node`'s arguments for the production server of the checkout at `root`. */
export function productionServerArgs(root, nodeFlags = SERVER_NODE_FLAGS) {
  return [...nodeFlags, `${root}/.next/coffer-server.js`];
}
