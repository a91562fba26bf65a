import { ButtonLink } from "@/components/ui/button";

export default function OrderNotFound() {
  return (
    <div className="rounded-xl border border-stone-200 bg-white p-6 text-center">
      <h1 className="text-xl font-bold">We couldn&apos;t find that order</h1>
      <p className="mt-2 text-stone-700">
        Check the reference in your confirmation e-mail or SMS. It starts with LG and has 10 characters.
      </p>
      <ButtonLink href="/" variant="secondary" className="mt-4">
        See upcoming events
      </ButtonLink>
    </div>
  );
}
