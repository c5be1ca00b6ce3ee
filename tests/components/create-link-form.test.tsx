// The create-link form in the browser: the shared schema's messages under the fields before anything is
// sent, the server's refusals under theirs, and the new link's panel with its copy button.
import { fireEvent, screen, waitFor } from "@testing-library/react";
import type { ActionResult } from "@/lib/actions/action-result";
import type { CreateLinkInput } from "@/lib/links/schemas";
import { CreateLinkForm } from "@/app/(app)/files/[id]/create-link-form";
import { renderWithApp } from "../support/render-with-app";

type Created = { path: string; url: string };

function recordingAction(answer: ActionResult<Created>) {
  const calls: CreateLinkInput[] = [];
  const action = async (input: CreateLinkInput) => {
    calls.push(input);
    return answer;
  };
  return { calls, action };
}

// The server names the public origin (APP_URL); the page's own origin (jsdom's localhost) must not leak in.
const PUBLIC_URL = "https://files.example.org/s/AbCdEfGhIjKlMnOpQrStUvWxYz012345";
const created: ActionResult<Created> = {
  ok: true,
  data: { path: "/s/AbCdEfGhIjKlMnOpQrStUvWxYz012345", url: PUBLIC_URL },
  message: "Link created.",
};

const submit = () => fireEvent.click(screen.getByRole("button", { name: "Create link" }));

it("shows the schema's messages under the fields and sends nothing", async () => {
  const { calls, action } = recordingAction(created);
  renderWithApp(<CreateLinkForm fileId="file_1" createLink={action} />);
  fireEvent.change(screen.getByLabelText("Password (optional)"), { target: { value: "short" } });
  fireEvent.change(screen.getByLabelText("Download limit (optional)"), { target: { value: "0" } });
  fireEvent.change(screen.getByLabelText("Expires"), { target: { value: "date" } });
  submit();

  expect(await screen.findByText("Use at least 8 characters.")).toBeInTheDocument();
  expect(screen.getByText("At least 1.")).toBeInTheDocument();
  expect(screen.getByText("Pick a date.")).toBeInTheDocument();
  expect(screen.getByLabelText("Password (optional)")).toHaveAttribute("aria-invalid", "true");
  expect(screen.getByLabelText("Password (optional)")).toHaveAccessibleDescription("Use at least 8 characters.");
  expect(calls).toEqual([]);
});

it("shows the new link, with a button that copies it", async () => {
  const { calls, action } = recordingAction(created);
  const copied: string[] = [];
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: { writeText: async (text: string) => void copied.push(text) },
  });
  const { router } = renderWithApp(<CreateLinkForm fileId="file_1" createLink={action} />);
  fireEvent.change(screen.getByLabelText("Label (optional)"), { target: { value: "Client review" } });
  fireEvent.change(screen.getByLabelText("Download limit (optional)"), { target: { value: "3" } });
  submit();

  const url = PUBLIC_URL;
  expect(window.location.origin).not.toBe("https://files.example.org");
  expect(await screen.findByLabelText("New link")).toHaveValue(url);
  // What the schema made of the form: blanks dropped, the limit a number.
  expect(calls).toEqual([
    {
      fileId: "file_1",
      label: "Client review",
      message: undefined,
      allowPreview: false,
      expiry: "7d",
      expiresOn: undefined,
      password: undefined,
      maxDownloads: 3,
    },
  ]);
  expect(await screen.findByText("Link created.")).toBeInTheDocument();
  // The form is ready for the next link.
  expect(screen.getByLabelText("Label (optional)")).toHaveValue("");
  expect(router.refreshes).toBe(1);

  fireEvent.click(screen.getByRole("button", { name: "Copy link" }));
  expect(await screen.findByText("Link copied to the clipboard.")).toBeInTheDocument();
  expect(copied).toEqual([url]);
});

it("says how to copy by hand when the clipboard refuses", async () => {
  const { action } = recordingAction(created);
  Object.defineProperty(navigator, "clipboard", {
    configurable: true,
    value: { writeText: async () => Promise.reject(new Error("denied")) },
  });
  renderWithApp(<CreateLinkForm fileId="file_1" createLink={action} />);
  submit();
  await screen.findByLabelText("New link");
  fireEvent.click(screen.getByRole("button", { name: "Copy link" }));
  expect(await screen.findByText("Could not copy: select the link and copy it by hand.")).toBeInTheDocument();
});

it("puts the server's refusal under its field and shows no link", async () => {
  const { action } = recordingAction({
    ok: false,
    error: "Pick a date in the future.",
    fieldErrors: { expiresOn: ["Pick a date in the future."] },
  });
  renderWithApp(<CreateLinkForm fileId="file_1" createLink={action} />);
  fireEvent.change(screen.getByLabelText("Expires"), { target: { value: "date" } });
  fireEvent.change(await screen.findByLabelText("Expiry date"), { target: { value: "2001-01-01" } });
  submit();
  await waitFor(() => expect(screen.getByLabelText("Expiry date")).toHaveAccessibleDescription("Pick a date in the future."));
  expect(screen.queryByLabelText("New link")).toBeNull();
});
