export default function LinkNotAvailable() {
  return (
    <main className="mx-auto flex min-h-screen max-w-md flex-col items-center justify-center gap-4 px-4 text-center">
      <p className="text-2xl font-bold tracking-tight text-indigo-700">Coffer</p>
      <h1 className="text-xl font-semibold">Link not available</h1>
      <p className="text-slate-600">This link does not exist, has expired, was revoked, or has reached its download limit.</p>
    </main>
  );
}
