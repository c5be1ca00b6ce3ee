// The direction dependencies may point in, checked by `npm test` (`npx depcruise` with this file).
// Routes and components call actions and the HTTP layer; those call the domain; the domain calls
// storage, crypto and the foundation (env, db, logger, errors); nothing calls upward. See docs/decisions/007.
const DOMAIN = "^lib/(auth|files|shares|links|requests|activity|admin|crypto|storage|outbox|mail|notifications|recovery|account-tokens)/";
const FOUNDATION_FILES = "^lib/[^/]+\\.ts$";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "domain-stays-below-requests",
      comment:
        "Domain modules decide what may happen; they never know whether an action, a route or a page asked. " +
        "Throw an AppError (lib/errors.ts) and let lib/actions or lib/http translate it.",
      severity: "error",
      from: { path: DOMAIN },
      to: { path: "^(lib/(actions|http)/|app/|components/)" },
    },
    {
      name: "components-never-import-routes",
      comment:
        "A shared component gets its server actions as props from the page that renders it; " +
        "a component that exists for one route lives beside that route in app/.",
      severity: "error",
      from: { path: "^components/" },
      to: { path: "^app/" },
    },
    {
      name: "foundation-imports-no-layer-above",
      comment: "lib/env, lib/db, lib/errors.ts, lib/logger.ts and the other files at the top of lib/ are what everything else stands on.",
      severity: "error",
      from: { path: [FOUNDATION_FILES, "^lib/env/", "^lib/db/"] },
      to: { path: "^(lib/[^/]+/|app/|components/)", pathNot: ["^lib/env/", "^lib/generated/", "^lib/db/"] },
    },
    {
      name: "database-provider-stays-in-lib-db",
      comment:
        "Only lib/db/ knows which database runs (docs/decisions/031): the drivers, the generated clients and the " +
        "provider itself are behind it. Where SQL must differ, add a small function to lib/db/ named for what it does. " +
        "(lib/env validates DATABASE_URL with the same module.)",
      severity: "error",
      from: { pathNot: ["^lib/db/", "^lib/env/index\\.ts$"] },
      to: {
        path: [
          "^lib/generated/",
          "^node_modules/(pg|pg-[^/]+|better-sqlite3|@prisma/adapter-[^/]+|@prisma/client)/",
          "^lib/env/database-url\\.mjs$",
        ],
      },
    },
    {
      name: "database-seam-has-one-door",
      comment: "Code outside lib/db/ imports lib/db (its index) only, never the module of one provider.",
      severity: "error",
      from: { pathNot: "^lib/db/" },
      to: { path: "^lib/db/", pathNot: "^lib/db/index\\.ts$" },
    },
    {
      name: "no-folder-cycles",
      comment: "Two folders that import each other are one module pretending to be two: move the shared part down.",
      severity: "error",
      scope: "folder",
      from: {},
      to: { circular: true },
    },
    {
      name: "no-module-cycles",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "server-ts-imports-only-the-bridge",
      comment:
        "server.ts shares state with the app only through lib/server-bridge.ts (docs/decisions/006); " +
        "it may also read the environment, log, and use lib/security's headers and request rules (plain data).",
      severity: "error",
      from: { path: "^server\\.ts$" },
      to: {
        path: "^(lib|app|components)/",
        pathNot: ["^lib/server-bridge\\.ts$", "^lib/process-state\\.ts$", "^lib/logger\\.ts$", "^lib/env/", "^lib/security/"],
      },
    },
    {
      name: "only-the-storage-index-picks-a-driver",
      comment:
        "Blob stores are used through the port (lib/storage/blob-store.ts) as lib/storage/index.ts hands them out; " +
        "nothing else imports a driver, so a new driver or a change of driver touches one file (docs/decisions/036).",
      severity: "error",
      from: { pathNot: ["^lib/storage/index\\.ts$", "^lib/storage/(local-disk\\.ts|s3/)"] },
      to: { path: ["^lib/storage/local-disk\\.ts$", "^lib/storage/s3/", "^node_modules/@aws-sdk/"] },
    },
    {
      name: "worker-pools-have-one-door-each",
      comment:
        "Worker threads are made in two modules only: bcrypt's (lib/auth/password-pool.ts) and the transfers' cipher " +
        "(lib/crypto/segment-pool.ts), each sized to the cores on purpose (docs/decisions/015, 075).",
      severity: "error",
      from: { pathNot: ["^lib/auth/password-pool\\.ts$", "^lib/crypto/segment-(pool\\.ts|worker\\.cjs)$"] },
      to: { path: ["^node_modules/piscina/", "^node:worker_threads$", "^worker_threads$"] },
    },
    {
      name: "routes-reach-the-database-through-the-domain",
      comment: "Pages, actions and components ask lib/<domain> (where access is decided), never Prisma directly.",
      severity: "error",
      from: { path: "^(components|app)/" },
      to: { path: "^lib/(db/|generated/)" },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "^(\\.next|lib/generated|tests|scripts|data|storage)" },
    tsConfig: { fileName: "tsconfig.json" },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ["exports"], conditionNames: ["import", "require", "node", "default"] },
  },
};
