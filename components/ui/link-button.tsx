import Link from "next/link";
import type { ComponentProps } from "react";

type Variant = "primary" | "secondary" | "ghost" | "text";

const styles: Record<Variant, string> = {
  primary: "rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700",
  secondary: "rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100",
  ghost: "rounded-md px-3 py-1.5 text-sm font-medium text-indigo-700 hover:bg-indigo-50",
  text: "text-sm text-indigo-700 underline",
};

/** A link that looks like a button (or like a plain text link), for navigation rather than actions. */
export function LinkButton({ variant = "primary", className = "", ...props }: ComponentProps<typeof Link> & { variant?: Variant }) {
  return <Link className={`${styles[variant]} ${className}`} {...props} />;
}

/** A plain anchor with the same looks, for downloads (which must not go through the client router). */
export function DownloadLink({ variant = "ghost", className = "", ...props }: ComponentProps<"a"> & { variant?: Variant }) {
  return <a download className={`${styles[variant]} ${className}`} {...props} />;
}
