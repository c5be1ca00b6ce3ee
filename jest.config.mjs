// Jest projects: unit (node), components (jsdom) and integration (node, real SQLite per file, real server).
import nextJest from "next/jest.js";

const createJestConfig = nextJest({ dir: "./" });

// ESM-only packages that jest (CommonJS) must transform: react-markdown brings the unified ecosystem with it.
const esmPackages = [
  "nanoid",
  "next-auth",
  "@auth/core",
  "@auth/prisma-adapter",
  "jose",
  "oauth4webapi",
  "react-markdown",
  "unified",
  "bail",
  "devlop",
  "is-plain-obj",
  "trough",
  "vfile",
  "vfile-message",
  "unist-util-.*",
  "mdast-util-.*",
  "micromark",
  "micromark-.*",
  "hast-util-.*",
  "remark-.*",
  "property-information",
  "space-separated-tokens",
  "comma-separated-tokens",
  "html-url-attributes",
  "decode-named-character-reference",
  "character-entities",
  "ccount",
  "zwitch",
  "longest-streak",
  "estree-util-is-identifier-name",
  "trim-lines",
  // remark-gfm (tables and the rest of GitHub-flavoured Markdown) brings these.
  "escape-string-regexp",
  "markdown-table",
].join("|");

const common = {
  moduleNameMapper: { "^@/(.*)$": "<rootDir>/$1", "^server-only$": "<rootDir>/tests/support/server-only.ts" },
};

async function project(name, testEnvironment, testMatch, extra = {}) {
  const config = await createJestConfig({ ...common, displayName: name, testEnvironment, testMatch, ...extra })();
  config.transformIgnorePatterns = [`/node_modules/(?!(${esmPackages})/)`];
  return config;
}

export default async function jestConfig() {
  return {
    projects: [
      await project("unit", "node", ["<rootDir>/tests/unit/**/*.test.ts"]),
      await project("components", "jsdom", ["<rootDir>/tests/components/**/*.test.{ts,tsx}"], {
        setupFilesAfterEnv: ["<rootDir>/tests/support/components-setup.ts"],
        // tus-js-client names its browser build in package.json's "browser" field, which jest does not read.
        moduleNameMapper: {
          ...common.moduleNameMapper,
          "^tus-js-client$": "<rootDir>/node_modules/tus-js-client/lib.es5/browser/index.js",
        },
      }),
      await project("integration", "node", ["<rootDir>/tests/integration/**/*.test.ts"], {
        globalSetup: "<rootDir>/tests/support/global-setup.ts",
        globalTeardown: "<rootDir>/tests/support/global-teardown.ts",
        // Not setupFilesAfterEnv: its afterAll must run after each test file's own.
        setupFiles: ["<rootDir>/tests/support/test-env.ts"],
      }),
    ],
  };
}
