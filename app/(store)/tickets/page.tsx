import type { Metadata } from "next";
import { ResendTicketsForm } from "@/components/tickets/resend-tickets-form";

export const metadata: Metadata = { title: "Find my tickets" };

export default function FindTicketsPage() {
  return (
    <div className="space-y-4 rounded-xl border border-stone-200 bg-white p-4">
      <h1 className="text-xl font-bold">Find my tickets</h1>
      <p className="text-stone-700">
        Lost the e-mail? Enter the address you bought with and we&apos;ll send the ticket links again.
      </p>
      <ResendTicketsForm />
    </div>
  );
}
