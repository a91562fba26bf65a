"use client";

import { usePathname } from "next/navigation";
import { clearOfflineData } from "@/components/checkin/offline-store";
import { SignOutButton } from "@/components/ui/sign-out-button";

/**
 * The admin's sign-out. Not on the scanner, which has its own (it warns about scans not yet synced); and
 * signing out anywhere also wipes what the scanner kept on this phone, as the scanner's own button does.
 */
export function AdminSignOut() {
  const path = usePathname();
  if (path.startsWith("/admin/checkin")) return null;
  return (
    <p className="-mt-2 text-right">
      <SignOutButton callbackUrl="/signin" beforeSignOut={() => clearOfflineData().catch(() => undefined)} />
    </p>
  );
}
