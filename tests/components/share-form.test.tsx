// The share form in the browser: the username rule before sending, the server's answer under the field,
// and a fresh form and page after a share.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import type { ActionResult } from "@/lib/actions/action-result";
import type { ShareFileInput } from "@/lib/shares/schemas";
import { ShareForm } from "@/app/(app)/files/[id]/share-form";
import { renderWithApp } from "../support/render-with-app";

function recordingAction(answer: ActionResult) {
  const calls: ShareFileInput[] = [];
  return { calls, action: async (input: ShareFileInput) => (calls.push(input), answer) };
}

const field = () => screen.getByLabelText("Share with (username)");
const submit = () => fireEvent.click(screen.getByRole("button", { name: "Share" }));

it("refuses a name no account could have, before sending", async () => {
  const { calls, action } = recordingAction({ ok: true, data: undefined, message: "Shared." });
  renderWithApp(<ShareForm fileId="file_1" shareFile={action} />);
  fireEvent.change(field(), { target: { value: "no spaces here" } });
  submit();
  expect(await screen.findByText("Use only letters a-z, digits, and _ . -")).toBeInTheDocument();
  expect(calls).toEqual([]);
});

it("sends the lower-cased name and the file, then clears the field and refreshes the page", async () => {
  const { calls, action } = recordingAction({ ok: true, data: undefined, message: "Shared with bob." });
  const { router } = renderWithApp(<ShareForm fileId="file_1" shareFile={action} />);
  fireEvent.change(field(), { target: { value: "Bob" } });
  submit();
  expect(await screen.findByText("Shared with bob.")).toBeInTheDocument();
  expect(calls).toEqual([{ fileId: "file_1", username: "bob" }]);
  expect(field()).toHaveValue("");
  expect(router.refreshes).toBe(1);
});

it("shows the server's refusal under the field and keeps what was typed", async () => {
  const { action } = recordingAction({
    ok: false,
    error: 'There is no user named "carol".',
    fieldErrors: { username: ['There is no user named "carol".'] },
  });
  const { router } = renderWithApp(<ShareForm fileId="file_1" shareFile={action} />);
  fireEvent.change(field(), { target: { value: "carol" } });
  submit();
  await waitFor(() => expect(field()).toHaveAccessibleDescription('There is no user named "carol".'));
  expect(field()).toHaveValue("carol");
  expect(router.refreshes).toBe(0);
  // Under the field only: no toast says it a second time.
  expect(screen.getAllByText('There is no user named "carol".')).toHaveLength(1);
});

it("puts a refusal that no field shows in a toast, one that stays until it is closed", async () => {
  const { action } = recordingAction({ ok: false, error: "Too many shares at once. Try again in a minute." });
  renderWithApp(<ShareForm fileId="file_1" shareFile={action} />);
  fireEvent.change(field(), { target: { value: "carol" } });
  submit();
  expect(await screen.findByText("Too many shares at once. Try again in a minute.")).toBeInTheDocument();
  expect(field()).not.toHaveAccessibleDescription("Too many shares at once. Try again in a minute.");
  expect(screen.getByRole("button", { name: "Close notification" })).toBeInTheDocument();
});
