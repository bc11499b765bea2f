import Link from 'next/link';

export default function Unauthorized() {
  return (
    <main className="grid min-h-screen place-items-center p-6 text-center">
      <div>
        <h1 className="text-2xl font-semibold">You do not have access to this page</h1>
        <p className="mt-2 text-slate-600">Ask your administrator for the permission you need.</p>
        <Link href="/dashboard" className="mt-4 inline-block text-blue-700 underline">Back to the dashboard</Link>
      </div>
    </main>
  );
}
