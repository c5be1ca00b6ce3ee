// Settings → Notifications in the browser: a switch moves as soon as it is clicked and the toast says what was
// saved; when saving fails it moves back, with the reason; the note without a confirmed address is shown.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import type { ActionResult } from "@/lib/actions/action-result";
import { NotificationSettings } from "@/app/(app)/settings/notification-settings";
import { renderWithApp } from "../support/render-with-app";

const SETTINGS = [
  { kind: "share_received", label: "A file is shared with me", enabled: true },
  { kind: "new_sign_in", label: "Someone signs in to my account from a browser not seen before", enabled: true },
];

/** An action that answers only when the test says so, recording what it was asked. */
function heldAction() {
  const calls: { kind: string; enabled: boolean }[] = [];
  let answer: (result: ActionResult) => void = () => undefined;
  const setNotification = (input: { kind: string; enabled: boolean }) => {
    calls.push(input);
    return new Promise<ActionResult>((resolve) => (answer = resolve));
  };
  return { calls, setNotification, answer: (result: ActionResult) => answer(result) };
}

it("moves the switch at once, saves it, and says so", async () => {
  const action = heldAction();
  renderWithApp(<NotificationSettings settings={SETTINGS} canMail={{ ok: true }} setNotification={action.setNotification} />);
  const shares = screen.getByRole("checkbox", { name: "A file is shared with me" });
  fireEvent.click(shares);
  expect(shares).not.toBeChecked();
  expect(action.calls).toEqual([{ kind: "share_received", enabled: false }]);
  action.answer({ ok: true, data: undefined, message: "Off: A file is shared with me." });
  expect(await screen.findByText("Off: A file is shared with me.")).toBeInTheDocument();
  expect(shares).not.toBeChecked();
  expect(screen.getByRole("checkbox", { name: /browser not seen before/ })).toBeChecked();
});

it("moves the switch back when saving fails, with the reason", async () => {
  const action = heldAction();
  renderWithApp(<NotificationSettings settings={SETTINGS} canMail={{ ok: true }} setNotification={action.setNotification} />);
  const signIns = screen.getByRole("checkbox", { name: /browser not seen before/ });
  fireEvent.click(signIns);
  expect(signIns).not.toBeChecked();
  action.answer({ ok: false, error: "Too many changes. Try again in a minute." });
  expect(await screen.findByText("Too many changes. Try again in a minute.")).toBeInTheDocument();
  await waitFor(() => expect(signIns).toBeChecked());
});

it("says why nothing is mailed without a confirmed address", () => {
  const why = "Notifications go to a confirmed email address: add one above and open the link we mail to it.";
  renderWithApp(<NotificationSettings settings={SETTINGS} canMail={{ ok: false, why }} setNotification={heldAction().setNotification} />);
  expect(screen.getByText(why)).toBeInTheDocument();
});
