import { headers } from "next/headers";
import { requestUnavailableReason, type RequestUnavailable } from "@/lib/requests/find-request-for-visitor";

const WORDS: Record<RequestUnavailable | "unknown", { title: string; text: string }> = {
  expired: {
    title: "This request has expired",
    text: "It was open until a date that has passed. Ask the person who sent it for a new one.",
  },
  closed: {
    title: "This request was closed",
    text: "The person who asked for files no longer takes them here. Ask them if you still need to send something.",
  },
  full: {
    title: "This request has all it takes",
    text: "It took a set number of files or bytes, and they have all arrived. Ask the person who sent it for a new one.",
  },
  unknown: {
    title: "Request not available",
    text: "This request does not exist, has expired, was closed, or has received all it takes. Check that it was copied in full.",
  },
};

// Every request that cannot be used lands here with the same 404; only the words differ, for whoever holds the token
// (as for links, docs/decisions/057).
export default async function RequestNotAvailable() {
  const token = /^\/r\/([^/]+)\/?$/.exec((await headers()).get("x-coffer-pathname") ?? "")?.[1];
  const reason = (token && (await requestUnavailableReason(token))) || "unknown";
  const words = WORDS[reason];
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-4 text-center" data-reason={reason}>
      <p className="text-2xl font-bold tracking-tight text-indigo-700">Coffer</p>
      <h1 className="text-xl font-semibold">{words.title}</h1>
      <p className="text-slate-600">{words.text}</p>
    </main>
  );
}
