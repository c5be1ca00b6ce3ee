"use client";
import Link from "next/link";

// Shows nothing of the error itself: details stay in the server log.
export default function ErrorPage({ reset }: { error: Error & { digest?: string }; reset: () => void }) {
  return (
    <main className="mx-auto flex min-h-[60vh] max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
      <h1 className="text-2xl font-semibold">Something went wrong</h1>
      <p className="text-slate-600">The problem has been logged. You can try again or go back to your files.</p>
      <div className="flex gap-3">
        <button onClick={reset} className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
          Try again
        </button>
        <Link href="/dashboard" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">
          Go to my files
        </Link>
      </div>
    </main>
  );
}
