// Reader tokens for the single sign-on journeys (reader-token.spec.mjs), signed here as a
// portal's backend signs them (docs/sso.md, "Node"), with the secret the SSO servers of
// playwright.config.mjs are started with. Plain Node: the config imports the secret from here.
import { createHmac } from "node:crypto";

/** Shared by the journeys and the servers on 4182 and 4183; a test secret, never a real one. */
export const SSO_SECRET = "e2e-portal-secret-for-reader-tokens-0123456789";

/** `PAYLOAD.SIG` for these claims; `exp` defaults to ten minutes from now. */
export function readerToken({ exp = Math.floor(Date.now() / 1000) + 600, ...claims }) {
  const payload = Buffer.from(JSON.stringify({ ...claims, exp }), "utf8").toString("base64url");
  const sig = createHmac("sha256", SSO_SECRET).update(payload).digest("base64url");
  return `${payload}.${sig}`;
}
