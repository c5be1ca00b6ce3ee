// The keyboard shortcut for search and the signed-in header's phone menu.
import { act, fireEvent, render, screen } from "@testing-library/react";
import { KeyboardShortcuts } from "@/components/keyboard-shortcuts";
import { AppHeader } from "@/app/(app)/app-header";
import { renderWithApp } from "../support/render-with-app";

it("/ focuses the page's search field, unless one is typing in a field already", () => {
  render(
    <>
      <KeyboardShortcuts />
      <input aria-label="Other field" />
      <input aria-label="Search" data-shortcut="search" defaultValue="old" />
    </>,
  );
  fireEvent.keyDown(document.body, { key: "/" });
  expect(screen.getByLabelText("Search")).toHaveFocus();

  screen.getByLabelText("Other field").focus();
  fireEvent.keyDown(screen.getByLabelText("Other field"), { key: "/" });
  expect(screen.getByLabelText("Other field")).toHaveFocus();
  // With a modifier it is someone else's shortcut.
  screen.getByLabelText("Other field").blur();
  fireEvent.keyDown(document.body, { key: "/", ctrlKey: true });
  expect(screen.getByLabelText("Search")).not.toHaveFocus();
});

it("opens the phone menu, and closes it with Escape, focus back on its button", () => {
  renderWithApp(
    <AppHeader links={[{ href: "/dashboard", label: "Files" }]} username="alice" signOut={<button type="button">Sign out</button>} />,
  );
  const menu = screen.getByRole("button", { name: "Menu" });
  expect(menu).toHaveAttribute("aria-expanded", "false");
  const panel = document.getElementById(menu.getAttribute("aria-controls")!)!;
  expect(panel).not.toHaveAttribute("data-open");
  fireEvent.click(menu);
  expect(menu).toHaveAttribute("aria-expanded", "true");
  expect(panel).toHaveAttribute("data-open");
  act(() => {
    document.dispatchEvent(new KeyboardEvent("keydown", { key: "Escape" }));
  });
  expect(menu).toHaveAttribute("aria-expanded", "false");
  expect(menu).toHaveFocus();
});
