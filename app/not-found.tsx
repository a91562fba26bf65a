import { connection } from "next/server";
import Link from "next/link";

/**
 * Rendered per request (not at build time) so its scripts carry the request's CSP nonce; a prebuilt
 * 404 page would have its scripts blocked.
 */
export default async function NotFound() {
  await connection();
  return (
    <div className="space-y-3 py-8 text-center">
      <h1 className="text-xl font-bold">Page not found</h1>
      <p className="text-stone-700">
        There is nothing at this address. It may have moved, or the link may be mistyped.
      </p>
      <Link href="/" className="font-medium text-brand-700 underline">
        See upcoming events
      </Link>
    </div>
  );
}
