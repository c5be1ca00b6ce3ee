import type { HTMLAttributes, ReactNode, ThHTMLAttributes } from "react";

/**
 * One column of a Table. Its label heads the column on wide screens and names each of its cells in the card
 * layout that phones get (below 640 px), so a cell never appears without saying what it is.
 */
export type Column<Row> = {
  label: string;
  /** What the header shows instead of the label (a sort link, a select-all box); the label still names the cells. */
  header?: ReactNode;
  /**
   * How the cell sits in a card: "field" (label, then value: the default), "title" (the card's first line, no
   * label), "actions" (the card's last line, its buttons spread out, no label), "control" (a checkbox beside the
   * title, no label), "meta" (a short value that shares one line with the other meta cells, no label: a size, a
   * kind, a date, which say what they are), "end" (buttons at the end of the meta cells' line, wrapping below them
   * when the line is full).
   */
  card?: "field" | "title" | "actions" | "control" | "meta" | "end";
  /** The label only for screen readers in the header (actions, selection). */
  hideLabel?: boolean;
  cell: (row: Row) => ReactNode;
  className?: string;
  headerProps?: ThHTMLAttributes<HTMLTableCellElement>;
};

// Below `sm` every element of the table becomes a block: each row a card, each cell a line of it (meta cells share one). The roles are
// spelled out because some browsers drop a table's semantics once its parts stop being displayed as a table.
const CARD_CELL: Record<NonNullable<Column<unknown>["card"]>, string> = {
  field: "max-sm:grid max-sm:basis-full max-sm:grid-cols-[minmax(6rem,35%)_1fr] max-sm:gap-x-3 max-sm:py-1",
  title: "max-sm:order-first max-sm:basis-full max-sm:pb-1 max-sm:pr-10 max-sm:text-base",
  control: "max-sm:absolute max-sm:right-3 max-sm:top-3 max-sm:p-0",
  actions: "max-sm:order-last max-sm:mt-1 max-sm:basis-full max-sm:border-t max-sm:border-slate-100 max-sm:pt-2",
  meta: "max-sm:py-0.5 max-sm:pr-4 max-sm:text-slate-600",
  end: "max-sm:order-last max-sm:ml-auto",
};

/** A bordered table with a caption for screen readers, which turns into a list of cards on narrow screens. */
export function Table<Row>({
  caption,
  columns,
  rows,
  rowKey,
  rowProps,
}: {
  caption: string;
  columns: readonly (Column<Row> | false | null | undefined)[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  /** Attributes of a row's <tr> (a test id, a highlight). */
  rowProps?: (row: Row) => HTMLAttributes<HTMLTableRowElement> & { [data: `data-${string}`]: string | undefined };
}) {
  const shown = columns.filter((column): column is Column<Row> => Boolean(column));
  // On phones the header row hides, except the headers one acts on (sort links, select-all), which stay as a bar above the cards.
  const headerBar = shown.some((column) => column.header);
  return (
    <div className="rounded-xl border border-slate-200 bg-white sm:overflow-x-auto max-sm:border-0 max-sm:bg-transparent">
      <table role="table" className="w-full text-sm max-sm:block">
        <caption className="sr-only">{caption}</caption>
        <thead
          role="rowgroup"
          className={`bg-slate-100 text-left text-slate-700 ${headerBar ? "max-sm:mb-3 max-sm:block max-sm:bg-transparent" : "max-sm:sr-only"}`}
        >
          <tr role="row" className="max-sm:flex max-sm:flex-wrap max-sm:items-center max-sm:gap-2">
            {shown.map((column) => (
              <th
                key={column.label}
                role="columnheader"
                scope="col"
                {...column.headerProps}
                className={`px-3 py-2 font-medium ${column.card === "actions" || column.card === "end" ? "text-right" : ""} ${
                  column.header
                    ? "max-sm:rounded-full max-sm:border max-sm:border-slate-300 max-sm:bg-white max-sm:px-3 max-sm:py-1"
                    : "max-sm:sr-only"
                } ${column.headerProps?.className ?? ""}`}
              >
                {column.header ?? (column.hideLabel ? <span className="sr-only">{column.label}</span> : column.label)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody role="rowgroup" className="max-sm:flex max-sm:flex-col max-sm:gap-3">
          {rows.map((row) => (
            <tr
              key={rowKey(row)}
              role="row"
              {...rowProps?.(row)}
              className={`border-t border-slate-100 max-sm:relative max-sm:flex max-sm:flex-wrap max-sm:items-center max-sm:rounded-xl max-sm:border max-sm:border-slate-200 max-sm:bg-white max-sm:p-3 ${rowProps?.(row).className ?? ""}`}
            >
              {shown.map((column) => (
                <Cell key={column.label} column={column} row={row} />
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Cell<Row>({ column, row }: { column: Column<Row>; row: Row }) {
  const card = column.card ?? "field";
  return (
    <td role="cell" className={`px-3 py-2 align-middle max-sm:block max-sm:px-0 ${CARD_CELL[card]} ${column.className ?? ""}`}>
      {card === "field" ? (
        // The card's label: hidden from assistive technology, which reads the column header instead. A meta cell has
        // none: its value says what it is (a size, a kind, a date).
        <span aria-hidden="true" data-card-label="" className="font-medium text-slate-600 sm:hidden">
          {column.label}
        </span>
      ) : null}
      <div className="min-w-0">{column.cell(row)}</div>
    </td>
  );
}
