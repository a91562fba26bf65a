import { getTranslations } from "next-intl/server";
import { EventCard } from "@/components/store/event-card";
import { loadUpcomingEvents } from "@/components/store/data";

// Reads the database on every request; `next build` never touches it.
export const dynamic = "force-dynamic";

export default async function HomePage() {
  const events = await loadUpcomingEvents();
  const t = await getTranslations("store.home");
  return (
    <>
      <h1 className="text-2xl font-bold tracking-tight">{t("title")}</h1>
      <p className="mt-1 text-stone-600">{t("subtitle")}</p>
      {events.length === 0 ? (
        <p className="mt-6 rounded-xl border border-stone-200 bg-white p-6 text-center text-stone-700">{t("none")}</p>
      ) : (
        <ul className="mt-4 grid gap-4 sm:grid-cols-2">
          {events.map((event) => (
            <li key={event.slug}>
              <EventCard event={event} />
            </li>
          ))}
        </ul>
      )}
    </>
  );
}
