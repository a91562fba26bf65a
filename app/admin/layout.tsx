import Link from "next/link";
import { AdminSignOut } from "@/components/admin/admin-sign-out";
import { currentSession } from "@/lib/auth/session";

/** The admin areas, and who sees them in the menu. Each page checks the role itself on the server. */
const SECTIONS = [
  { href: "/admin", label: "Dashboard", roles: ["admin"] },
  { href: "/admin/orders", label: "Orders", roles: ["admin"] },
  { href: "/admin/events", label: "Events", roles: ["admin"] },
  { href: "/admin/booths", label: "Booths", roles: ["admin"] },
  { href: "/admin/payments", label: "Payments", roles: ["admin"] },
  { href: "/admin/callbacks", label: "Callbacks", roles: ["admin"] },
  { href: "/admin/gateways", label: "Gateways", roles: ["admin"] },
  { href: "/admin/checkin", label: "Check-in", roles: ["admin", "staff"] },
  { href: "/admin/box-office", label: "Box office", roles: ["admin"] },
  { href: "/admin/outbox", label: "Outbox", roles: ["admin"] },
  { href: "/admin/users", label: "Users", roles: ["admin"] },
] as const;

/**
 * The admin menu. It only decides which links to show; it protects nothing (a layout is not re-run on
 * every navigation), so every admin page and action still checks the role itself.
 */
export default async function AdminLayout({ children }: { children: React.ReactNode }) {
  const session = await currentSession();
  const role = session?.user.role;
  const links = role ? SECTIONS.filter((s) => (s.roles as readonly string[]).includes(role)) : [];
  return (
    <div className="space-y-4">
      {links.length > 0 && (
        <nav aria-label="Admin" className="-mx-4 overflow-x-auto border-b border-stone-200 px-4 pb-2">
          <ul className="flex gap-3 whitespace-nowrap text-sm font-medium">
            {links.map((l) => (
              <li key={l.href}>
                <Link href={l.href} prefetch={false} className="text-stone-700 hover:text-brand-700 hover:underline">
                  {l.label}
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {role === "admin" && <AdminSignOut />}
      {children}
    </div>
  );
}
