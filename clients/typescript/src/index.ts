// A typed client for the PeerPlatform REST API. The types (schema.d.ts) are generated from the
// OpenAPI document the gateway serves (docs/openapi/v1.json) by `npm run build`, so a call that
// does not match the contract does not compile.
import createClient, { type Client } from "openapi-fetch";
import type { paths } from "./schema.js";

export type { paths, components } from "./schema.js";

export type PeerPlatformClient = Client<paths>;

/** A client for the gateway at `baseUrl` (e.g. "https://peerplatform.trust.nhs.uk"), sending `token` as a bearer token. */
export function peerPlatformClient(baseUrl: string, token: string): PeerPlatformClient {
  return createClient<paths>({ baseUrl, headers: { Authorization: `Bearer ${token}` } });
}

/** An access token for a client of the platform (OAuth 2.0 client credentials at /connect/token). */
export async function requestToken(baseUrl: string, clientId: string, clientSecret: string): Promise<string> {
  const response = await fetch(new URL("/connect/token", baseUrl), {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ grant_type: "client_credentials", client_id: clientId, client_secret: clientSecret }),
  });
  if (!response.ok) {
    throw new Error(`token request failed: ${response.status}`);
  }
  const body = (await response.json()) as { access_token: string };
  return body.access_token;
}
