import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";

export const metadata: Metadata = { title: "Dashboard · Coffer" };

export default async function DashboardPage() {
  await requireUser();
  return (
    <div className="flex flex-col gap-8">
      <section aria-labelledby="my-files-heading">
        <h1 id="my-files-heading" className="mb-4 text-2xl font-semibold">My files</h1>
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center text-slate-600">
          You have no files yet.
        </div>
      </section>
      <section aria-labelledby="shared-heading">
        <h2 id="shared-heading" className="mb-4 text-xl font-semibold">Shared with me</h2>
        <div className="rounded-xl border border-dashed border-slate-300 bg-white p-10 text-center text-slate-600">
          Nothing has been shared with you yet.
        </div>
      </section>
    </div>
  );
}
