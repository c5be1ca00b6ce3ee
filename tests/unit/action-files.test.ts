// The tests' one map of action files matches the server action modules the sources hold.
import { ACTION_FILES } from "../support/action-files";
import { sourceActions } from "../support/server-actions";

it("names every file that exports server actions, and no other", () => {
  const files = [...new Set(sourceActions().map((action) => action.file))].sort();
  expect(Object.values(ACTION_FILES).sort()).toEqual(files);
});
