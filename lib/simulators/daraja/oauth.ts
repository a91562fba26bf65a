/** `GET /oauth/v1/generate?grant_type=client_credentials` with HTTP Basic consumer key and secret. */
import { json } from "../http";
import { darajaError, issueToken } from "./wire";

export function generateToken(req: Request): Response {
  const url = new URL(req.url);
  const credentials = basicCredentials(req.headers.get("authorization"));
  // Daraja checks the authentication type before the grant type.
  if (!credentials) return darajaError(400, "400.008.01", "Invalid authentication type passed");
  if (url.searchParams.get("grant_type") !== "client_credentials") {
    return darajaError(400, "400.008.02", "Invalid grant type passed");
  }
  const { token, ttlSeconds } = issueToken(credentials.key);
  // The docs' example carries expires_in as a number; some third-party copies show a string.
  return json({ access_token: token, expires_in: ttlSeconds });
}

/**
 * Any well-formed key:secret is accepted: the simulator stands in for whichever sandbox app the
 * developer configured, and tokens are still tied to the key (latest token wins per app).
 */
function basicCredentials(header: string | null): { key: string; secret: string } | null {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(header ?? "");
  if (!match) return null;
  const decoded = Buffer.from(match[1], "base64").toString("utf8");
  const colon = decoded.indexOf(":");
  if (colon <= 0 || colon === decoded.length - 1) return null;
  return { key: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
}
