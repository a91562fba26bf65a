"use client";

import { useTranslations } from "next-intl";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";

/**
 * The e-mailed "leave the waiting list" link lands on a button rather than acting on GET, so a mail
 * scanner that follows links cannot take someone off the list.
 */
export function LeaveWaitlist({ token }: { token: string }) {
  const t = useTranslations("waitlist");
  const [state, setState] = useState<"idle" | "busy" | "done" | "error">("idle");
  if (state === "done") return <Alert tone="info" title={t("left")} />;
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
        {state === "busy" ? t("leaving") : t("leaveTitle")}
      </Button>
      {state === "error" && <Alert tone="error" title={t("leaveFailed")} />}
    </div>
  );
}
