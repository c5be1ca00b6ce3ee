// The two-factor panel in the browser: set-up shows the QR code and key, the password and a first code turn it on,
// the recovery codes are shown once and gone after "I have saved them"; with it on, one password and one code field
// serve "new recovery codes" and "turn off".
import { fireEvent, screen, waitFor, within } from "@testing-library/react";
import type { ActionResult } from "@/lib/actions/action-result";
import { TwoFactorPanel, type TwoFactorActions } from "@/app/(app)/settings/two-factor-panel";
import { renderWithApp } from "../support/render-with-app";

const CODES = Array.from({ length: 10 }, (_, i) => `abcd-efgh-jkmn-pq${String(i).padStart(2, "2")}`);

function recordingActions(answers: Partial<{ [K in keyof TwoFactorActions]: Awaited<ReturnType<TwoFactorActions[K]>> }> = {}) {
  const calls: [string, unknown][] = [];
  const record =
    <R,>(name: keyof TwoFactorActions, answer: R) =>
    async (input?: unknown) => (calls.push([name, input]), answer);
  const actions: TwoFactorActions = {
    start: record(
      "start",
      answers.start ?? {
        ok: true,
        data: { secret: "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP", qrCode: "data:image/svg+xml;base64,PHN2Zy8+", enrolment: "e.n.r.ol" },
        message: "Scan it.",
      },
    ),
    confirm: record(
      "confirm",
      answers.confirm ?? { ok: true, data: { recoveryCodes: CODES }, message: "Two-factor sign-in is on. Save your recovery codes." },
    ),
    disable: record("disable", answers.disable ?? { ok: true, data: undefined, message: "Two-factor sign-in is off." }),
    regenerate: record(
      "regenerate",
      answers.regenerate ?? { ok: true, data: { recoveryCodes: CODES }, message: "New recovery codes made." },
    ),
  } as TwoFactorActions;
  return { calls, actions };
}

it("sets up with the QR code and key, and shows the recovery codes once", async () => {
  const { calls, actions } = recordingActions();
  const { router } = renderWithApp(<TwoFactorPanel enabled={false} recoveryCodesLeft={0} actions={actions} />);
  fireEvent.click(screen.getByRole("button", { name: "Set up two-factor sign-in" }));
  expect(await screen.findByRole("img", { name: "QR code for your authenticator app" })).toHaveAttribute(
    "src",
    "data:image/svg+xml;base64,PHN2Zy8+",
  );
  expect(screen.getByTestId("two-factor-key")).toHaveTextContent("JBSW Y3DP EHPK 3PXP JBSW Y3DP EHPK 3PXP");

  expect(screen.getByLabelText("Your password")).toHaveAttribute("type", "password");
  expect(screen.getByLabelText("Your password")).toHaveAttribute("autocomplete", "current-password");
  fireEvent.change(screen.getByLabelText("Code from the app"), { target: { value: "123456" } });
  fireEvent.click(screen.getByRole("button", { name: "Turn on two-factor sign-in" }));
  // Not without the password: the field says so and nothing is sent.
  await waitFor(() => expect(screen.getByLabelText("Your password")).toHaveAccessibleDescription("Enter your password."));
  expect(calls).toEqual([["start", undefined]]);
  fireEvent.change(screen.getByLabelText("Your password"), { target: { value: "my password" } });
  fireEvent.click(screen.getByRole("button", { name: "Turn on two-factor sign-in" }));
  expect(await screen.findByRole("heading", { name: "Your recovery codes" })).toBeInTheDocument();
  expect(calls).toEqual([
    ["start", undefined],
    ["confirm", { enrolment: "e.n.r.ol", password: "my password", code: "123456" }],
  ]);
  expect(
    within(screen.getByTestId("recovery-codes"))
      .getAllByRole("listitem")
      .map((li) => li.textContent),
  ).toEqual(CODES);

  fireEvent.click(screen.getByRole("button", { name: "I have saved them" }));
  await waitFor(() => expect(screen.queryByText(CODES[0])).not.toBeInTheDocument());
  expect(router.refreshes).toBe(1);
});

it("keeps the set-up open with the server's refusal under the code field", async () => {
  const refusal: ActionResult<{ recoveryCodes: string[] }> = {
    ok: false,
    error: "That code is not correct, or it was already used.",
    fieldErrors: { code: ["That code is not correct, or it was already used."] },
  };
  const { actions } = recordingActions({ confirm: refusal });
  renderWithApp(<TwoFactorPanel enabled={false} recoveryCodesLeft={0} actions={actions} />);
  fireEvent.click(screen.getByRole("button", { name: "Set up two-factor sign-in" }));
  fireEvent.change(await screen.findByLabelText("Your password"), { target: { value: "my password" } });
  fireEvent.change(screen.getByLabelText("Code from the app"), { target: { value: "000000" } });
  fireEvent.click(screen.getByRole("button", { name: "Turn on two-factor sign-in" }));
  await waitFor(() => expect(screen.getByLabelText("Code from the app")).toHaveAccessibleDescription(refusal.error));
  expect(screen.queryByRole("heading", { name: "Your recovery codes" })).not.toBeInTheDocument();
});

it("with two-factor on, sends the password and the code to the button that was pressed", async () => {
  const { calls, actions } = recordingActions();
  const { router } = renderWithApp(<TwoFactorPanel enabled recoveryCodesLeft={3} actions={actions} />);
  expect(screen.getByText(/3 recovery codes are/)).toBeInTheDocument();
  fireEvent.change(screen.getByLabelText("Your password"), { target: { value: "my password" } });
  fireEvent.change(screen.getByLabelText("Current code"), { target: { value: "654321" } });
  fireEvent.click(screen.getByRole("button", { name: "Turn off two-factor sign-in" }));
  expect(await screen.findByText("Two-factor sign-in is off.")).toBeInTheDocument();
  expect(calls).toEqual([["disable", { password: "my password", code: "654321" }]]);
  expect(router.refreshes).toBe(1);

  fireEvent.change(screen.getByLabelText("Your password"), { target: { value: "my password" } });
  fireEvent.change(screen.getByLabelText("Current code"), { target: { value: "111111" } });
  fireEvent.click(screen.getByRole("button", { name: "Make new recovery codes" }));
  expect(await screen.findByRole("heading", { name: "Your recovery codes" })).toBeInTheDocument();
  expect(calls[1]).toEqual(["regenerate", { password: "my password", code: "111111" }]);
});
