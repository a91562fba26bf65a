"use client";

import { signOut } from "next-auth/react";
import { forgetArea } from "./area-link";

/** Ends the session (next-auth's CSRF-checked sign-out) and forgets the header's link to the staff area. */
export function SignOutButton({ callbackUrl, className }: { callbackUrl: string; className?: string }) {
  return (
    <button
      type="button"
      onClick={() => {
        forgetArea();
        void signOut({ callbackUrl });
      }}
      className={className ?? "text-sm font-medium text-brand-700 underline"}
    >
      Sign out
    </button>
  );
}
