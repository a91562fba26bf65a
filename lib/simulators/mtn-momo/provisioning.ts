/**
 * Sandbox provisioning (gateways.md §3 "Base URLs and provisioning"): create an API user under an
 * X-Reference-Id, read it back, and issue it an API key.
 */
import { randomHex } from "../ids";
import { json } from "../http";
import { mtnState } from "./state";
import { alreadyExists, badRequest, empty, isUuidV4, notFound, readJsonObject } from "./wire";

export function createApiUser(req: Request, body: string): Response {
  const id = req.headers.get("x-reference-id");
  if (!isUuidV4(id)) return badRequest("X-Reference-Id must be a UUID version 4.");
  const input = readJsonObject(body);
  const host = input?.providerCallbackHost;
  if (typeof host !== "string" || !host.trim()) return badRequest("providerCallbackHost is required.");
  const state = mtnState();
  const key = id.trim().toLowerCase();
  if (state.apiUsers.has(key)) return alreadyExists();
  state.apiUsers.set(key, { id: key, providerCallbackHost: host.trim(), sandboxOnly: true, apiKeys: [] });
  return empty(201);
}

export function getApiUser(id: string): Response {
  const user = mtnState().apiUsers.get(id.toLowerCase());
  if (!user) return notFound();
  return json({ providerCallbackHost: user.providerCallbackHost, targetEnvironment: "sandbox" });
}

export function createApiKey(id: string): Response {
  const user = mtnState().apiUsers.get(id.toLowerCase());
  if (!user) return notFound();
  const apiKey = randomHex(32);
  user.apiKeys.push(apiKey);
  return json({ apiKey }, 201);
}
