import type { Metadata } from "next";
import { requirePageRole } from "@/lib/auth/page-guard";
import { listUsers } from "@/lib/auth/users";
import { getDb } from "@/lib/db/client";
import { ActionForm } from "../booths/action-form";
import { rightsLabel } from "@/lib/auth/rights";
import { deleteUser, setRightsAction, unlockUserAction } from "./actions";
import { AddUserForm } from "./add-user-form";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Users", robots: { index: false } };

export default async function UsersPage() {
  const me = await requirePageRole(["admin"], "/admin/users");
  const users = await listUsers(await getDb());
  return (
    <div className="space-y-4">
      <h1 className="text-xl font-bold">Users</h1>
      <ul className="divide-y divide-stone-200 rounded-xl border border-stone-200 bg-white">
        {users.map((u) => (
          <li key={u.id} className="flex items-center justify-between gap-3 p-3">
            <span>
              <span className="font-medium">{u.email}</span>{" "}
              <span className="text-sm text-stone-600">
                · {u.role === "staff" ? `staff (${rightsLabel(u)})` : u.role}
                {u.name ? ` · ${u.name}` : ""}
              </span>
            </span>
            <span className="flex flex-wrap items-start gap-2">
              {u.role === "staff" && (
                <ActionForm
                  action={setRightsAction}
                  submit="Save rights"
                  variant="secondary"
                  className="flex flex-wrap items-center gap-3"
                >
                  <input type="hidden" name="userId" value={u.id} />
                  <label className="flex items-center gap-1 text-sm">
                    <input
                      type="checkbox"
                      name="canScan"
                      defaultChecked={u.canScan}
                      aria-label={`${u.email} may scan`}
                    />
                    Scan
                  </label>
                  <label className="flex items-center gap-1 text-sm">
                    <input
                      type="checkbox"
                      name="canSell"
                      defaultChecked={u.canSell}
                      aria-label={`${u.email} may sell`}
                    />
                    Sell
                  </label>
                </ActionForm>
              )}
              {u.locked && (
                <ActionForm action={unlockUserAction} submit="Unlock" variant="secondary">
                  <span className="block text-sm text-amber-900">Locked out after wrong passwords</span>
                  <input type="hidden" name="userId" value={u.id} />
                </ActionForm>
              )}
              {u.id !== me.id && (
                <ActionForm action={deleteUser} submit="Remove" variant="secondary">
                  <input type="hidden" name="userId" value={u.id} />
                </ActionForm>
              )}
            </span>
          </li>
        ))}
      </ul>
      <AddUserForm />
    </div>
  );
}
