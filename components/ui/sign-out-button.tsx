"use client";

import { useTranslations } from "next-intl";
import { signOut } from "next-auth/react";
import { forgetArea } from "./area-link";

/** Ends the session (next-auth's CSRF-checked sign-out) and forgets the header's link to the staff area. */
export function SignOutButton({
  callbackUrl,
  className,
  beforeSignOut,
}: {
  callbackUrl: string;
  className?: string;
  /** Anything this device must forget first (the scanner's offline data). */
  beforeSignOut?: () => Promise<unknown>;
}) {
  const t = useTranslations("common");
  return (
    <button
      type="button"
      onClick={async () => {
        await beforeSignOut?.();
        forgetArea();
        void signOut({ callbackUrl });
      }}
      className={className ?? "text-sm font-medium text-brand-700 underline"}
    >
      {t("signOut")}
    </button>
  );
}
