import { getTranslations } from "next-intl/server";
import { getDb } from "@/lib/db/client";
import { loadQuestions } from "@/lib/questions/answers";
import { answerRows, storedAnswers, type Answers } from "@/lib/questions/schemas";

interface OrderWithAnswers {
  eventId: string;
  answers: unknown;
  items: { id: string; kind: string; description: string; details: unknown }[];
  tickets: { id: string; orderItemId: string; attendeeName: string; answers: unknown }[];
}

function Rows({ rows }: { rows: { label: string; text: string }[] }) {
  return (
    <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-1 text-sm">
      {rows.map((r) => (
        <div key={r.label} className="contents">
          <dt className="text-stone-600">{r.label}</dt>
          <dd className="font-medium break-words">{r.text}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The order's answers to the checkout questions: once for the order, then per attendee (from the tickets
 * once issued, which the buyer may have edited since; before that, as entered at checkout).
 */
export async function OrderAnswers({ order }: { order: OrderWithAnswers }) {
  const t = await getTranslations("order.answers");
  const questions = await loadQuestions(await getDb(), order.eventId);
  if (!questions.length) return null;
  const orderRows = answerRows(questions, storedAnswers(order.answers));
  const seats: { key: string; who: string; answers: Answers }[] = order.tickets.length
    ? order.tickets.map((t) => ({ key: t.id, who: t.attendeeName, answers: storedAnswers(t.answers) }))
    : order.items.flatMap((item) => {
        const attendees = (item.details as { attendees?: { name?: string; answers?: unknown }[] } | null)?.attendees;
        return (attendees ?? []).map((a, j) => ({
          key: `${item.id}.${j}`,
          who: a?.name || `${item.description} ${j + 1}`,
          answers: storedAnswers(a?.answers),
        }));
      });
  const seatRows = seats.map((s) => ({ ...s, rows: answerRows(questions, s.answers) })).filter((s) => s.rows.length);
  return (
    <section className="space-y-2" aria-labelledby="answers-heading">
      <h2 id="answers-heading" className="text-lg font-semibold">
        {t("title")}
      </h2>
      {orderRows.length === 0 && seatRows.length === 0 ? (
        <p className="text-stone-700">{t("none")}</p>
      ) : (
        <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
          {orderRows.length > 0 && (
            <li className="p-3">
              <p className="mb-1 font-medium">{t("order")}</p>
              <Rows rows={orderRows} />
            </li>
          )}
          {seatRows.map((s) => (
            <li key={s.key} className="p-3">
              <p className="mb-1 font-medium">{s.who}</p>
              <Rows rows={s.rows} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
