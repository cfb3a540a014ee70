import { describe, expect, it } from "vitest";
import { actionJob, type BlockActionsPayload, slackKeyHasher } from "../../bots/slack/incoming.ts";
import { createInMemoryPeerServices } from "../../store/memory/peer-services.ts";
import { fixture } from "./harness.ts";

// Issue 13 item 3: "A second erasure the same day is silently dropped in Slack." The confirm button was keyed
// on user + button + value for a day, so erase, log a new blocker, erase again was a "duplicate".
describe("the erase confirmation in Slack (issue 13 item 3)", () => {
  it("runs every press of Erase: a second erasure the same day claims only fresh keys", async () => {
    // Prepare: the worker claims each of a job's keys and drops the job when one is taken
    const peer = createInMemoryPeerServices();
    const body = fixture<BlockActionsPayload>("block_actions");
    const press = (ts: string) =>
      actionJob(
        body,
        { action_id: "privacy.erase.confirm", value: "erase", action_ts: ts },
        slackKeyHasher("signing-secret"),
      );

    // Act
    const first = press("1700000000.1");
    const firstClaims = await Promise.all(first.keys.map((k) => peer.idempotency.claim(k)));
    const second = press("1700000900.2"); // later that day, after logging another blocker
    const secondClaims = await Promise.all(second.keys.map((k) => peer.idempotency.claim(k)));
    const retry = await Promise.all(second.keys.map((k) => peer.idempotency.claim(k)));

    // Assess: both erasures run; a retried delivery of the same press still does nothing
    expect(firstClaims.every(Boolean)).toBe(true);
    expect(secondClaims.every(Boolean)).toBe(true);
    expect(retry.some((claimed) => !claimed)).toBe(true);
  });
});
