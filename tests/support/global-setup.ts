// Integration tests run against the production build; `npm test` builds before jest.
import fs from "node:fs";
import path from "node:path";

export default function globalSetup() {
  if (!fs.existsSync(path.join(process.cwd(), ".next", "BUILD_ID"))) {
    throw new Error("No production build found: run `npx next build` first (`npm test` does this for you).");
  }
}
