"use client";
import { createContext, useContext, useMemo, useState, type ReactNode } from "react";

type Selection = {
  ids: readonly string[];
  selected: ReadonlySet<string>;
  toggle(id: string, on: boolean): void;
  setAll(on: boolean): void;
};

const SelectionContext = createContext<Selection | null>(null);

export function useSelection(): Selection {
  const selection = useContext(SelectionContext);
  if (!selection) throw new Error("useSelection() works inside a <SelectionProvider> only");
  return selection;
}

/**
 * Which rows of a table are selected, for bulk actions. `ids` are the rows shown: when they change (a new
 * page, a filter, rows gone after an action), whatever is no longer shown drops out of the selection.
 */
export function SelectionProvider({ ids, children }: { ids: readonly string[]; children: ReactNode }) {
  const [chosen, setSelected] = useState<ReadonlySet<string>>(new Set());
  const selection = useMemo<Selection>(
    () => ({
      ids,
      selected: new Set(ids.filter((id) => chosen.has(id))),
      toggle: (id, on) =>
        setSelected((was) => {
          const next = new Set(was);
          if (on) next.add(id);
          else next.delete(id);
          return next;
        }),
      setAll: (on) => setSelected(on ? new Set(ids) : new Set()),
    }),
    [ids, chosen],
  );
  return <SelectionContext.Provider value={selection}>{children}</SelectionContext.Provider>;
}

export function SelectBox({ id, label }: { id: string; label: string }) {
  const { selected, toggle } = useSelection();
  return (
    <input
      type="checkbox"
      aria-label={label}
      checked={selected.has(id)}
      onChange={(event) => toggle(id, event.target.checked)}
      className="size-4 accent-indigo-600"
    />
  );
}

/** The select-all box; on phones, where the table's header is a bar above the cards, it says "All" beside it. */
export function SelectAllBox({ label }: { label: string }) {
  const { ids, selected, setAll } = useSelection();
  const all = ids.length > 0 && ids.every((id) => selected.has(id));
  return (
    <label className="inline-flex items-center gap-2">
      <input
        type="checkbox"
        aria-label={label}
        checked={all}
        ref={(box) => {
          if (box) box.indeterminate = !all && selected.size > 0;
        }}
        onChange={(event) => setAll(event.target.checked)}
        className="size-4 accent-indigo-600"
      />
      <span aria-hidden="true" className="text-sm sm:hidden">
        All
      </span>
    </label>
  );
}
