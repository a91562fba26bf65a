"use client";

import { SignOutButton } from "@/components/ui/sign-out-button";

export function PortalSignOut() {
  return <SignOutButton callbackUrl="/exhibit/signin" />;
}
