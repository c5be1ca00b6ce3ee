"use client";
import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { toast } from "sonner";
import { toastError } from "@/components/ui/toast-error";
import type { ActionResult } from "@/lib/actions/action-result";
import { THEMES, type Theme, type ThemeInput } from "@/lib/theme";

/** Three choices, applied as soon as one is picked: the page re-renders with the new colours. */
export function ThemeForm({ theme, setTheme }: { theme: Theme; setTheme: (input: ThemeInput) => Promise<ActionResult> }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [selected, setSelected] = useState(theme);
  const choose = (next: Theme) => {
    // Shown at once; put back if the server refuses.
    setSelected(next);
    startTransition(async () => {
      const result = await setTheme({ theme: next });
      if (!result.ok) {
        setSelected(theme);
        return void toastError(result.error);
      }
      if (result.message) toast.success(result.message);
      router.refresh();
    });
  };
  return (
    <fieldset className="flex flex-col gap-2" aria-busy={pending}>
      <legend className="mb-2 text-sm text-slate-700">Colours of Coffer in this browser</legend>
      {(Object.entries(THEMES) as [Theme, string][]).map(([value, label]) => (
        <label key={value} className="flex items-center gap-2 text-sm">
          <input
            type="radio"
            name="theme"
            value={value}
            checked={selected === value}
            onChange={() => choose(value)}
            className="size-4 accent-indigo-600"
          />
          {label}
        </label>
      ))}
    </fieldset>
  );
}
