"use client";

import { signOut } from "next-auth/react";

export function PortalSignOut() {
  return (
    <button
      type="button"
      onClick={() => signOut({ callbackUrl: "/exhibit/signin" })}
      className="text-sm font-medium text-brand-700 underline"
    >
      Sign out
    </button>
  );
}
