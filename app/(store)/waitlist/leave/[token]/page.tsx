import type { Metadata } from "next";
import { LeaveWaitlist } from "@/components/waitlist/leave-waitlist";

export const metadata: Metadata = { title: "Leave the waiting list", robots: { index: false } };

export default async function LeaveWaitlistPage({ params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return (
    <div className="mx-auto max-w-md space-y-4">
      <h1 className="text-2xl font-bold tracking-tight">Leave the waiting list</h1>
      <p className="text-stone-700">
        You will lose your place in line, and any tickets we are holding for you go to the next person.
      </p>
      <LeaveWaitlist token={token} />
    </div>
  );
}
