"use client";

import { useActionState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { addUser, type FormState } from "./actions";

const input = "mt-1 block w-full rounded-lg border border-stone-300 px-3 py-2 text-base";

export function AddUserForm() {
  const [state, action, pending] = useActionState<FormState, FormData>(addUser, null);
  const err = (f: string) => state?.fields?.[f] && <span className="text-sm text-red-800">{state.fields[f]}</span>;
  return (
    <form action={action} className="space-y-3 rounded-xl border border-stone-200 bg-white p-4">
      <h2 className="font-semibold">Add a user</h2>
      <label className="block">
        E-mail
        <input name="email" type="email" required className={input} />
        {err("email")}
      </label>
      <label className="block">
        Name
        <input name="name" required className={input} />
        {err("name")}
      </label>
      <label className="block">
        Role
        <select name="role" defaultValue="staff" className={input}>
          <option value="staff">Staff (the rights below)</option>
          <option value="admin">Admin (everything)</option>
        </select>
      </label>
      <fieldset className="space-y-1">
        <legend>Staff rights</legend>
        <input type="hidden" name="rights" value="given" />
        <label className="flex items-center gap-2">
          <input type="checkbox" name="canScan" defaultChecked /> Scan tickets at the gate
        </label>
        <label className="flex items-center gap-2">
          <input type="checkbox" name="canSell" /> Sell at the box office
        </label>
        {err("canScan")}
      </fieldset>
      <label className="block">
        Password
        <input name="password" type="password" minLength={10} required autoComplete="new-password" className={input} />
        {err("password")}
      </label>
      {state && <Alert tone={state.ok ? "info" : "error"}>{state.message}</Alert>}
      <Button type="submit" disabled={pending}>
        {pending ? "Adding…" : "Add user"}
      </Button>
    </form>
  );
}
