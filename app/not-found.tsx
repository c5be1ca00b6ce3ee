import Link from "next/link";
import { connection } from "next/server";

// Rendered per request, not prerendered at build time: the page CSP admits only scripts that carry this
// request's nonce, and a prerendered page's scripts carry none (it would never hydrate).
export default async function NotFound() {
  await connection();
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
      <h1 className="text-2xl font-semibold">Page not found</h1>
      <p className="text-slate-600">This page does not exist, or you do not have access to it.</p>
      <Link href="/" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">
        Back to Coffer
      </Link>
    </main>
  );
}
