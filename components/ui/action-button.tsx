"use client";
import { useTransition } from "react";
import { useRouter } from "next/navigation";
import { toast } from "sonner";
import { toastError } from "@/components/ui/toast-error";
import { Button } from "@/components/ui/button";
import type { ActionResult } from "@/lib/actions/action-result";

/**
 * A button that runs one server action, shows its outcome as a toast and refreshes the page. An action that
 * redirects answers nothing: the redirect (and its flash toast) says the rest.
 */
export function ActionButton({
  run,
  label,
  pendingLabel,
  ariaLabel,
  variant = "ghost",
  className = "px-3 py-1.5",
  onDone,
}: {
  run: () => Promise<ActionResult<unknown> | undefined>;
  label: string;
  pendingLabel: string;
  ariaLabel?: string;
  variant?: "ghost" | "secondary" | "danger";
  className?: string;
  /** After a success, instead of refreshing the page. */
  onDone?: () => void;
}) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  return (
    <Button
      variant={variant}
      className={className}
      aria-label={ariaLabel}
      disabled={pending}
      onClick={() =>
        startTransition(async () => {
          const result = await run();
          if (!result) return;
          if (!result.ok) return void toastError(result.error);
          if (result.message) toast.success(result.message);
          if (onDone) onDone();
          else router.refresh();
        })
      }
    >
      {pending ? pendingLabel : label}
    </Button>
  );
}
