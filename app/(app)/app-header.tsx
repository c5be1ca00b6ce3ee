"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";
import { useEffect, useId, useRef, useState, type ReactNode } from "react";
import { Menu, X } from "lucide-react";

type NavLink = { href: string; label: string };

/**
 * The signed-in header. On wide screens everything sits in one row; on phones the links, the user's name and
 * Sign out fold into a menu behind one button, which Escape, a click elsewhere and a navigation close.
 */
export function AppHeader({ links, username, signOut }: { links: NavLink[]; username: string; signOut: ReactNode }) {
  const pathname = usePathname() ?? "";
  // Open on the page where it was opened: following one of its links closes it.
  const [openOn, setOpenOn] = useState<string | null>(null);
  const open = openOn === pathname;
  const panelId = useId();
  const header = useRef<HTMLElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open) return;
    const onKey = (event: KeyboardEvent) => {
      if (event.key !== "Escape") return;
      setOpenOn(null);
      button.current?.focus();
    };
    const onPointer = (event: PointerEvent) => {
      if (!header.current?.contains(event.target as Node)) setOpenOn(null);
    };
    document.addEventListener("keydown", onKey);
    document.addEventListener("pointerdown", onPointer);
    return () => {
      document.removeEventListener("keydown", onKey);
      document.removeEventListener("pointerdown", onPointer);
    };
  }, [open]);

  const current = (href: string) => pathname === href || pathname.startsWith(`${href}/`);
  return (
    <header ref={header} className="border-b border-slate-200 bg-white">
      <nav aria-label="Main" className="mx-auto flex max-w-5xl flex-wrap items-center gap-x-4 gap-y-2 px-4 py-3">
        <Link href="/dashboard" className="text-lg font-bold text-indigo-700">
          Coffer
        </Link>
        <button
          ref={button}
          type="button"
          className="ml-auto inline-flex items-center gap-2 rounded-md px-3 py-2 text-sm font-medium text-slate-700 hover:bg-slate-100 sm:hidden"
          aria-expanded={open}
          aria-controls={panelId}
          onClick={() => setOpenOn(open ? null : pathname)}
        >
          {open ? <X aria-hidden="true" className="size-5" /> : <Menu aria-hidden="true" className="size-5" />}
          Menu
        </button>
        <div
          id={panelId}
          data-open={open ? "" : undefined}
          className="hidden w-full flex-col gap-1 border-t border-slate-200 pt-2 data-[open]:flex sm:flex sm:w-auto sm:flex-1 sm:flex-row sm:items-center sm:gap-4 sm:border-0 sm:pt-0"
        >
          <ul className="flex flex-col gap-1 sm:flex-row sm:gap-4">
            {links.map((link) => (
              <li key={link.href}>
                <Link
                  href={link.href}
                  aria-current={current(link.href) ? "page" : undefined}
                  className="block rounded-md px-2 py-2 text-sm text-slate-700 hover:underline aria-[current=page]:font-semibold aria-[current=page]:text-indigo-700 sm:px-0 sm:py-0"
                >
                  {link.label}
                </Link>
              </li>
            ))}
          </ul>
          <span className="px-2 py-2 text-sm text-slate-600 sm:ml-auto sm:px-0 sm:py-0" data-testid="signed-in-user">
            Signed in as <strong>{username}</strong>
          </span>
          <div className="px-2 pb-2 sm:p-0">{signOut}</div>
        </div>
      </nav>
    </header>
  );
}
