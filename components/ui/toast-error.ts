"use client";
import { toast, type ExternalToast } from "sonner";

/** Which page raised each error toast still open: a toast belongs to its page (see FlashToaster). */
const raisedOn = new Map<string | number, string>();

/**
 * An error toast: it stays until it is closed or its page is left, so that it can be read, where a success fades.
 * The one way to raise one (eslint forbids `toast.error` elsewhere).
 */
export function toastError(message: string, data?: ExternalToast): string | number {
  // eslint-disable-next-line no-restricted-properties -- the one place that raises an error toast
  const id = toast.error(message, {
    duration: Infinity,
    ...data,
    onDismiss: (t) => {
      raisedOn.delete(t.id);
      data?.onDismiss?.(t);
    },
  });
  raisedOn.set(id, window.location.pathname);
  return id;
}

/** Closes the error toasts raised on another page than `pathname`: they described what happened there. */
export function dismissErrorsOfOtherPages(pathname: string): void {
  for (const [id, page] of raisedOn) {
    if (page === pathname) continue;
    raisedOn.delete(id);
    toast.dismiss(id);
  }
}
