"use client";

import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * The e-mailed "leave the waiting list" link lands on a button rather than acting on GET, so a mail
 * scanner that follows links cannot take someone off the list.
 */
export function LeaveWaitlist({ token }: { token: string }) {
  const [state, setState] = useState<"idle" | "busy" | "done" | "error">("idle");
  if (state === "done")
    return <Alert tone="info" title="You have left the waiting list. We will not e-mail you about these tickets." />;
  async function leave() {
    setState("busy");
    const res = await fetch("/api/waitlist/leave", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ token }),
    }).catch(() => null);
    setState(res?.ok ? "done" : "error");
  }
  return (
    <div className="space-y-3">
      <Button onClick={leave} disabled={state === "busy"} className="w-full">
        {state === "busy" ? "Leaving…" : "Leave the waiting list"}
      </Button>
      {state === "error" && <Alert tone="error" title="That did not work. The link may be wrong or out of date." />}
    </div>
  );
}
