import type { Metadata } from "next";
import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { Uploader } from "@/components/files/uploader";
import { env } from "@/lib/env";

export const metadata: Metadata = { title: "Upload · Coffer" };

export default async function UploadPage() {
  await requireUser();
  return (
    <div className="flex flex-col gap-4">
      <h1 className="text-2xl font-semibold">Upload files</h1>
      <Uploader maxFileSize={env().MAX_FILE_SIZE} />
      <Link href="/dashboard" className="text-sm text-indigo-700 underline">
        Back to my files
      </Link>
    </div>
  );
}
