import { headers } from "next/headers";
import { linkUnavailableReason, type LinkUnavailable } from "@/lib/links/link-unavailable-reason";

const WORDS: Record<LinkUnavailable | "unknown", { title: string; text: string }> = {
  expired: {
    title: "This link has expired",
    text: "The person who shared it set an end date, and it has passed. Ask them for a new link.",
  },
  revoked: {
    title: "This link was turned off",
    text: "The person who shared it no longer offers the file here. Ask them if you still need it.",
  },
  "used up": {
    title: "No downloads left",
    text: "This link allowed a set number of downloads, and all of them have been used. Ask the person who shared it for a new link.",
  },
  unknown: {
    title: "Link not available",
    text: "This link does not exist, has expired, was revoked, or has reached its download limit. Check that it was copied in full.",
  },
};

// Every link that cannot be used lands here with the same 404; only the words differ, for whoever holds the token.
export default async function LinkNotAvailable() {
  const token = /^\/s\/([^/]+)\/?$/.exec((await headers()).get("x-coffer-pathname") ?? "")?.[1];
  const reason = (token && (await linkUnavailableReason(token))) || "unknown";
  const words = WORDS[reason];
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-4 text-center" data-reason={reason}>
      <p className="text-2xl font-bold tracking-tight text-indigo-700">Coffer</p>
      <h1 className="text-xl font-semibold">{words.title}</h1>
      <p className="text-slate-600">{words.text}</p>
    </main>
  );
}
