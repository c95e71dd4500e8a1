// Creates a referral and reads it back through the typed client: what an integrator's first
// program does. The end-to-end tests run it against the suite (PEER_GATEWAY, PEER_CLIENT_ID,
// PEER_CLIENT_SECRET) and check what it prints: one JSON line.
import { randomUUID } from "node:crypto";
import { peerPlatformClient, requestToken } from "./index.js";

const gateway = process.env.PEER_GATEWAY ?? "http://localhost:5080";
const token = await requestToken(gateway, process.env.PEER_CLIENT_ID ?? "trust-integrator", process.env.PEER_CLIENT_SECRET ?? "dev-integrator-secret-change-me");
const client = peerPlatformClient(gateway, token);

/** A made-up NHS number that passes the Modulus 11 check (a new client each run). */
function nhsNumber(): string {
  for (;;) {
    const digits = Array.from({ length: 9 }, () => Math.floor(Math.random() * 10));
    const check = 11 - (digits.reduce((sum, digit, i) => sum + digit * (10 - i), 0) % 11);
    if (check !== 10) {
      return [...digits, check === 11 ? 0 : check].join("");
    }
  }
}

const created = await client.POST("/api/referrals", {
  params: { header: { "Idempotency-Key": randomUUID() } },
  body: {
    client: { givenName: "Robin", familyName: "Hale", dateOfBirth: "1990-05-14", nhsNumber: nhsNumber(), locality: "North" },
    source: "REFERRAL_SOURCE_SELF",
    reason: "Would like to talk to someone who has been there",
    priority: "REFERRAL_PRIORITY_ROUTINE",
  },
});
if (created.error || !created.data?.referralId) {
  console.error(JSON.stringify({ step: "create", error: created.error }));
  process.exit(1);
}

const read = await client.GET("/api/referrals/{referral_id}", { params: { path: { referral_id: created.data.referralId } } });
if (read.error || !read.data) {
  console.error(JSON.stringify({ step: "read", error: read.error }));
  process.exit(1);
}

console.log(JSON.stringify({ referralId: read.data.referralId, status: read.data.status, source: read.data.source }));
