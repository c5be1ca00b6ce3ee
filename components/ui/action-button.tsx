"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";

/** A button that runs one server action, shows its outcome as a toast and refreshes the page. */
export function ActionButton({
  run,
  label,
  pendingLabel,
  ariaLabel,
  variant = "ghost",
}: {
  run: () => Promise<ActionResult<unknown>>;
  label: string;
  pendingLabel: string;
  ariaLabel?: string;
  variant?: "ghost" | "secondary" | "danger";
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant={variant}
      className="px-3 py-1.5"
      aria-label={ariaLabel}
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await run();
          if (!result.ok) return void toast.error(result.error);
          if (result.message) toast.success(result.message);
          router.refresh();
        })
      }
    >
      {pending ? pendingLabel : label}
    </Button>
  );
}
