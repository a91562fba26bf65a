import { ButtonLink } from "@/components/ui/button";

export default function EventNotFound() {
  return (
    <div className="rounded-xl border border-stone-200 bg-white p-6 text-center">
      <h1 className="text-xl font-bold">We couldn&apos;t find that event</h1>
      <p className="mt-2 text-stone-700">It may have ended or been unpublished, or the link may be mistyped.</p>
      <ButtonLink href="/" variant="secondary" className="mt-4">
        See upcoming events
      </ButtonLink>
    </div>
  );
}
