// The Table primitive's two layouts: a table on wide screens, a list of cards below 640 px. The switch itself is
// CSS (checked in Chromium at 390 px by the browser tests); here: every cell of a card carries its column's label
// for the eye only (assistive technology reads the column header), title, control and action cells carry none,
// cells stay under their columns when a column is left out, and headers one acts on stay on phones as a bar.
import { render, screen, within } from "@testing-library/react";
import { Table, type Column } from "@/components/ui/table";

type Row = { id: string; name: string; size: string };
const rows: Row[] = [
  { id: "1", name: "notes.txt", size: "1 KiB" },
  { id: "2", name: "photo.jpg", size: "2 MiB" },
];

function columns(withSize: boolean): (Column<Row> | false)[] {
  return [
    { label: "Select", hideLabel: true, card: "control", cell: (row) => <input type="checkbox" aria-label={`Select ${row.name}`} /> },
    { label: "Name", card: "title", header: <a href="?sort=name">Name</a>, cell: (row) => row.name },
    withSize && { label: "Size", cell: (row) => row.size },
    { label: "Owner", cell: () => "alice" },
    { label: "Actions", hideLabel: true, card: "actions", cell: (row) => <button type="button">Delete {row.name}</button> },
  ];
}

const cardLabels = (cell: HTMLElement) => [...cell.querySelectorAll("[data-card-label]")].map((label) => label.textContent);

it("gives each field cell its column's label for the card layout, hidden from assistive technology", () => {
  render(<Table caption="My files" columns={columns(true)} rows={rows} rowKey={(row) => row.id} />);
  const table = screen.getByRole("table", { name: "My files" });
  const [, first] = within(table).getAllByRole("row");
  const cells = within(first).getAllByRole("cell");
  expect(cells.map(cardLabels)).toEqual([[], [], ["Size"], ["Owner"], []]);
  for (const label of first.querySelectorAll("[data-card-label]")) {
    expect(label).toHaveAttribute("aria-hidden", "true");
    // Shown only below the sm breakpoint: the wide table has its header row instead.
    expect(label).toHaveClass("sm:hidden");
  }
  // What a screen reader hears for a cell is its value; the column header names it.
  expect(cells[2]).toHaveTextContent(/^Size1 KiB$/);
  expect(
    within(table)
      .getAllByRole("columnheader")
      .map((h) => h.textContent),
  ).toEqual(["Select", "Name", "Size", "Owner", "Actions"]);
});

it("keeps cells under their own labels when a column is left out", () => {
  render(<Table caption="My files" columns={columns(false)} rows={rows} rowKey={(row) => row.id} />);
  const [, first] = screen.getAllByRole("row");
  expect(within(first).getAllByRole("cell").map(cardLabels)).toEqual([[], [], ["Owner"], []]);
  expect(within(first).getAllByRole("cell")[2]).toHaveTextContent(/^Owneralice$/);
});

it("lays rows out as cards below 640 px: title first, actions last, the control in the corner", () => {
  render(<Table caption="My files" columns={columns(true)} rows={rows} rowKey={(row) => row.id} />);
  const table = screen.getByRole("table");
  expect(table).toHaveClass("max-sm:block");
  const [header, first] = screen.getAllByRole("row");
  // A wrapping row of lines: every kind of cell but "meta" takes a whole line.
  expect(first).toHaveClass("max-sm:flex", "max-sm:flex-wrap", "max-sm:rounded-xl");
  const [control, title, size, , actions] = within(first).getAllByRole("cell");
  expect(title).toHaveClass("max-sm:order-first", "max-sm:basis-full");
  expect(actions).toHaveClass("max-sm:order-last", "max-sm:basis-full");
  expect(control).toHaveClass("max-sm:absolute");
  expect(size).toHaveClass("max-sm:grid", "max-sm:basis-full");
  // The header row becomes a bar of what one can act on (the sort link); plain labels hide.
  const headers = within(header).getAllByRole("columnheader");
  expect(headers[1]).not.toHaveClass("max-sm:sr-only");
  expect(headers[2]).toHaveClass("max-sm:sr-only");
});

it("puts meta cells side by side on one line of the card, without labels", () => {
  render(
    <Table
      caption="My files"
      columns={[
        { label: "Name", card: "title", cell: (row: Row) => row.name },
        { label: "Size", card: "meta", cell: (row: Row) => row.size },
        { label: "Owner", card: "meta", cell: () => "alice" },
      ]}
      rows={rows}
      rowKey={(row) => row.id}
    />,
  );
  const [, first] = screen.getAllByRole("row");
  const [, size, owner] = within(first).getAllByRole("cell");
  for (const cell of [size, owner]) {
    expect(cardLabels(cell)).toEqual([]);
    expect(cell).not.toHaveClass("max-sm:basis-full");
  }
  expect(owner).toHaveTextContent(/^alice$/);
});

it("hides the whole header row on phones when no header is interactive", () => {
  render(
    <Table
      caption="Activity"
      columns={[{ label: "What happened", card: "title", cell: (row: Row) => row.name }]}
      rows={rows}
      rowKey={(row) => row.id}
    />,
  );
  const [headerGroup] = screen.getAllByRole("rowgroup");
  expect(headerGroup).toHaveClass("max-sm:sr-only");
});
