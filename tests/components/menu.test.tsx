// The "⋯" menu of a row's secondary actions, by keyboard and pointer, as the WAI-ARIA menu button pattern has it.
import { fireEvent, screen } from "@testing-library/react";
import { Menu } from "@/components/ui/menu";
import { renderWithApp } from "../support/render-with-app";

function renderMenu() {
  const chosen: string[] = [];
  renderWithApp(
    <>
      <Menu
        label="More actions for notes.txt"
        items={[
          { label: "Rename", onSelect: () => chosen.push("rename") },
          { label: "Delete", onSelect: () => chosen.push("delete"), danger: true },
        ]}
      />
      <button type="button">Elsewhere</button>
    </>,
  );
  return { chosen, button: screen.getByRole("button", { name: "More actions for notes.txt" }) };
}

it("opens on Enter with the focus on the first item, moves with the arrows, and chooses with Enter", () => {
  const { chosen, button } = renderMenu();
  expect(button).toHaveAttribute("aria-haspopup", "menu");
  expect(button).toHaveAttribute("aria-expanded", "false");
  expect(screen.queryByRole("menu")).toBeNull();

  fireEvent.keyDown(button, { key: "Enter" });
  expect(button).toHaveAttribute("aria-expanded", "true");
  expect(screen.getByRole("menu", { name: "More actions for notes.txt" })).toBeInTheDocument();
  expect(screen.getByRole("menuitem", { name: "Rename" })).toHaveFocus();
  fireEvent.keyDown(screen.getByRole("menu"), { key: "ArrowDown" });
  expect(screen.getByRole("menuitem", { name: "Delete" })).toHaveFocus();
  // It wraps around.
  fireEvent.keyDown(screen.getByRole("menu"), { key: "ArrowDown" });
  expect(screen.getByRole("menuitem", { name: "Rename" })).toHaveFocus();
  fireEvent.keyDown(screen.getByRole("menu"), { key: "End" });
  expect(screen.getByRole("menuitem", { name: "Delete" })).toHaveFocus();

  fireEvent.click(screen.getByRole("menuitem", { name: "Delete" }));
  expect(chosen).toEqual(["delete"]);
  expect(screen.queryByRole("menu")).toBeNull();
  expect(button).toHaveFocus();
});

it("opens on ArrowUp at the last item, and Escape closes it with the focus back on its button", () => {
  const { chosen, button } = renderMenu();
  fireEvent.keyDown(button, { key: "ArrowUp" });
  expect(screen.getByRole("menuitem", { name: "Delete" })).toHaveFocus();
  fireEvent.keyDown(screen.getByRole("menu"), { key: "Escape" });
  expect(screen.queryByRole("menu")).toBeNull();
  expect(button).toHaveFocus();
  expect(chosen).toEqual([]);
});

it("opens on a click and closes on a click elsewhere, choosing nothing", () => {
  const { chosen, button } = renderMenu();
  fireEvent.click(button);
  expect(screen.getByRole("menu")).toBeInTheDocument();
  fireEvent.pointerDown(screen.getByRole("button", { name: "Elsewhere" }));
  expect(screen.queryByRole("menu")).toBeNull();
  expect(chosen).toEqual([]);
});
