// Renders a client component as the app would: inside Next's app router context (a router that records
// what it was asked to do) and next to the toaster, so its toasts can be read.
import type { ReactElement } from "react";
import { render } from "@testing-library/react";
import { AppRouterContext } from "next/dist/shared/lib/app-router-context.shared-runtime";
import { AppToaster } from "@/components/ui/app-toaster";

export type RecordedRouter = { refreshes: number; pushes: string[] };

export function renderWithApp(ui: ReactElement) {
  const router: RecordedRouter = { refreshes: 0, pushes: [] };
  const instance = {
    back: () => undefined,
    forward: () => undefined,
    prefetch: () => undefined,
    refresh: () => void router.refreshes++,
    push: (href: string) => void router.pushes.push(href),
    replace: (href: string) => void router.pushes.push(href),
  };
  const rendered = render(
    <AppRouterContext.Provider value={instance as never}>
      {ui}
      <AppToaster />
    </AppRouterContext.Provider>,
  );
  return { ...rendered, router };
}
