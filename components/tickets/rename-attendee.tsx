"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { apiFetch, type ApiError } from "@/lib/http/api-client";

/**
 * "Change name": the buyer fixes who a ticket is for; the QR code stays the same. Only the buyer may: the
 * order page's browser proves it with the cookie from checkout, the e-mailed tickets page with the link's
 * token (`accessToken`), sent as a Bearer token.
 */
export function RenameAttendee({
  reference,
  ticketId,
  current,
  accessToken,
}: {
  reference: string;
  ticketId: string;
  current: string;
  accessToken?: string;
}) {
  const router = useRouter();
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(current);
  const rename = useMutation<unknown, ApiError, string>({
    mutationFn: (to) =>
      apiFetch(`/api/orders/${encodeURIComponent(reference)}/tickets/${encodeURIComponent(ticketId)}`, {
        method: "PATCH",
        body: { name: to },
        token: accessToken,
      }),
    onSuccess: () => {
      setOpen(false);
      router.refresh();
    },
  });
  const error = rename.error?.message ?? null;
  const busy = rename.isPending;

  if (!open) {
    return (
      <button type="button" onClick={() => setOpen(true)} className="text-sm font-medium text-brand-700 underline">
        Change name
      </button>
    );
  }
  function save(e: React.FormEvent) {
    e.preventDefault();
    rename.mutate(name);
  }
  return (
    <form onSubmit={save} className="mt-2 flex flex-wrap items-end gap-2">
      <label className="grow">
        <span className="block text-sm font-medium">Attendee name</span>
        <input
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={100}
          className="mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-base"
          aria-invalid={error ? true : undefined}
        />
      </label>
      <button
        type="submit"
        disabled={busy}
        className="min-h-11 rounded-lg bg-brand-700 px-4 font-semibold text-white disabled:bg-stone-300"
      >
        {busy ? "Saving…" : "Save"}
      </button>
      {error && (
        <p role="alert" className="w-full text-sm text-red-800">
          {error}
        </p>
      )}
    </form>
  );
}
