import type { Metadata } from "next";
import Link from "next/link";
import { requirePageRole } from "@/lib/auth/page-guard";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Admin", robots: { index: false } };

export default async function AdminHome() {
  const user = await requirePageRole(["admin", "staff"], "/admin");
  return (
    <div className="space-y-3">
      <h1 className="text-xl font-bold">Admin</h1>
      <p className="text-stone-700">
        Signed in as {user.email} ({user.role}).
      </p>
      <p>
        <Link href="/admin/checkin" className="font-medium text-brand-700 underline">
          Gate check-in
        </Link>
      </p>
      {user.role === "admin" && (
        <ul className="list-inside list-disc">
          <li>
            <Link href="/admin/outbox" className="text-brand-700 underline">
              E-mail outbox
            </Link>
          </li>
          <li>
            <Link href="/admin/users" className="text-brand-700 underline">
              Users
            </Link>
          </li>
        </ul>
      )}
    </div>
  );
}
