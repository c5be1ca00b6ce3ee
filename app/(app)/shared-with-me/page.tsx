import type { Metadata } from "next";
import { requireUser } from "@/lib/auth/session";
import { listSharedWithMe } from "@/lib/shares/list-shares";
import { removeSharedFileAction } from "../dashboard/actions";
import { SharedWithMe } from "../dashboard/shared-with-me";

export const metadata: Metadata = { title: "Shared with me · Coffer" };

// Every file other people share with this user; each name opens the file's read-only page.
export default async function SharedWithMePage() {
  const user = await requireUser();
  const files = await listSharedWithMe({ userId: user.id });
  return (
    <div className="flex flex-col gap-6">
      <div className="flex flex-col gap-2">
        <h1 className="text-2xl font-semibold">Shared with me</h1>
        <p className="text-sm text-slate-600">Files other people share with you. Open one to preview it, or download it.</p>
      </div>
      <SharedWithMe files={files} removeSharedFile={removeSharedFileAction} />
    </div>
  );
}
