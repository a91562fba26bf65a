import Link from "next/link";

/** Newest-first cursor paging: back to the newest rows, or on to older ones. */
export function Pager({
  firstHref,
  olderHref,
  onFirstPage,
}: {
  firstHref: string;
  olderHref: string | null;
  onFirstPage: boolean;
}) {
  if (onFirstPage && !olderHref) return null;
  return (
    <nav aria-label="Pages" className="flex justify-between gap-3">
      {onFirstPage ? (
        <span />
      ) : (
        <Link href={firstHref} className="inline-flex min-h-11 items-center text-brand-700 underline">
          ← Newest
        </Link>
      )}
      {olderHref && (
        <Link href={olderHref} className="inline-flex min-h-11 items-center text-brand-700 underline">
          Older →
        </Link>
      )}
    </nav>
  );
}
