"use client";

import { useActionState } from "react";
import { Button } from "@/components/ui/button";
import type { AdminFormState } from "@/lib/admin/event-schemas";
import { FormMessage, type AdminAction } from "./event-fields";

/** Publishes or unpublishes; the server says why when there is nothing to sell yet. */
export function EventPublishToggle({
  action,
  eventId,
  published,
}: {
  action: AdminAction;
  eventId: string;
  published: boolean;
}) {
  const [state, formAction, pending] = useActionState<AdminFormState, FormData>(action, null);
  return (
    <form action={formAction} className="space-y-2">
      <input type="hidden" name="id" value={eventId} />
      <input type="hidden" name="published" value={published ? "false" : "true"} />
      <Button type="submit" variant={published ? "secondary" : "primary"} disabled={pending}>
        {pending ? "Saving…" : published ? "Unpublish" : "Publish"}
      </Button>
      {state && <FormMessage state={state} />}
    </form>
  );
}
