import Link from "next/link";
import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";

export default async function LandingPage() {
  if (await currentUser()) redirect("/dashboard");
  return (
    <main className="mx-auto flex min-h-screen max-w-2xl flex-col justify-center gap-6 px-4 py-16">
      <h1 className="text-4xl font-bold tracking-tight text-indigo-700">Coffer</h1>
      <p className="text-lg text-slate-700">
        Keep your files on your own server, encrypted at rest. Share them with the people you choose, or with a link that expires, asks for
        a password and stops after a number of downloads. See who downloaded what.
      </p>
      <div className="flex flex-wrap gap-3">
        <Link href="/register" className="rounded-md bg-indigo-600 px-4 py-2 font-medium text-white hover:bg-indigo-700">
          Create an account
        </Link>
        <Link href="/login" className="rounded-md border border-slate-300 bg-white px-4 py-2 font-medium hover:bg-slate-100">
          Sign in
        </Link>
      </div>
    </main>
  );
}
