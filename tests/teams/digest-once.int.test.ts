/**
 * The weekly digest reaches a Teams conversation at most once. The fake Bot Connector records the digest's activity
 * and then destroys the socket (Teams took it, the bot never hears so): the real digest handler, the real
 * CloudAdapter and the delivery claims on DynamoDB Local must keep the week's claim, so neither the SDK's own
 * retries nor a retry of the run post it again. A 503 is the opposite case: nothing was posted, the claim is given
 * back, and the retry posts it once.
 *
 * Regression: before, a lost response was a transient failure: the connector's retry policy re-POSTed the digest
 * three more times within the first attempt, the claim was released, and the scheduler's retry posted a fifth copy.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { createDigestPosters } from "../../app/digest-posters.ts";
import { DigestDeliveryError } from "../../digest/weekly-run.ts";
import { makeDigestHandler } from "../../functions/weekly-digest.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { OfflineCredentialsFactory } from "../support/fake-bot-connector.ts";
import { APP_ID, useOnceRig } from "./once-rig.ts";

const MONDAY = "2026-11-23T09:00:00Z"; // the schedule's time: the digest is for 2026-W47
const PROGRAMME = "19:programme-once@thread.tacv2";
const KEY = `digest#2026-W47#teams#${PROGRAMME}`;

const rig = useOnceRig("digest-once");
let peer: PeerServices;

beforeEach(async () => {
  peer = createPeerServices({ doc: rig.table.doc, tableName: rig.table.tableName, hashKey: "once-key" });
  await peer.subscriptions.subscribe({
    platform: "teams",
    conversationId: PROGRAMME,
    reference: {
      channelId: "msteams",
      serviceUrl: rig.connector.serviceUrl,
      conversation: { id: PROGRAMME, isGroup: true, conversationType: "channel", tenantId: "tenant-0001" },
      bot: { id: `28:${APP_ID}`, name: "Pathfinder" },
    },
    by: { platform: "teams", userId: "29:lead" },
  });
});

/** The scheduled handler with the real Teams poster (CloudAdapter) aimed at the fake connector. */
function digestHandler() {
  const config = rig.config();
  const posters = createDigestPosters(
    config,
    { teamsAppPassword: "unused" },
    { teamsCredentialsFactory: new OfflineCredentialsFactory(APP_ID), warn: rig.record("warn") },
  );
  return makeDigestHandler({
    stats: peer.stats,
    subscriptions: peer.subscriptions,
    idempotency: peer.idempotency,
    posters,
    logger: { info: rig.record("info"), warn: rig.record("warn"), error: rig.record("error") },
    now: () => new Date(MONDAY),
    // Pathfinder's own retries would wait between attempts; Teams' poster makes one (the SDK retries inside).
    sleep: async () => {},
  });
}

/** Message activities Teams took in the programme's channel. */
const digests = () =>
  rig.connector.activities.filter((a) => a.conversationId === PROGRAMME && a.activity.type === "message");

// With Lambda's context the claims are in progress until the invocation's deadline and completed once posted
// (store/idempotency.ts scope); without one (a local run) each claim is completed as it is taken.
const invocations = {
  "with the invocation's deadline": { getRemainingTimeInMillis: () => 60_000 },
  "without a deadline (a local run)": undefined,
};

describe.each(Object.entries(invocations))("the weekly digest in Teams, %s", (_, context) => {
  it("is posted once when Teams took it but the answer was lost, however often the run is retried", async () => {
    // Prepare
    const handler = digestHandler();
    rig.connector.lostResponses.add(PROGRAMME);

    // Act: the first run loses the answer; the scheduler (or someone) runs the week again, twice.
    const first = await handler({ scheduledTime: MONDAY }, context);
    rig.connector.lostResponses.clear();
    const second = await handler({ scheduledTime: MONDAY }, context);
    const third = await handler({ scheduledTime: MONDAY }, context);

    // Assess: Teams holds one digest (no SDK re-POST, no second run's post); the run did not fail (a retry could
    // only duplicate it), is not counted as delivered, and a warning names the claim that holds it back.
    expect(digests()).toHaveLength(1);
    expect(digests()[0]?.activity.attachments?.[0]?.contentType).toBe(
      "application/vnd.microsoft.card.adaptive",
    );
    expect(first.delivered).toEqual([]);
    expect(first.failed).toEqual([]);
    expect(first.unknown).toEqual([
      {
        platform: "teams",
        conversationId: PROGRAMME,
        key: KEY,
        error: expect.stringMatching(
          /Teams may have taken the post, but no answer came back: socket hang up/,
        ),
      },
    ]);
    expect(second.skipped).toEqual([{ platform: "teams", conversationId: PROGRAMME }]);
    expect(third.skipped).toEqual([{ platform: "teams", conversationId: PROGRAMME }]);
    expect(rig.logs.filter((l) => l.level === "warn")).toEqual([
      {
        level: "warn",
        message: expect.stringMatching(/^digest may have been posted .*never posted twice/),
        detail: expect.objectContaining({ key: KEY, conversationId: PROGRAMME }),
      },
    ]);
    expect(rig.logs.filter((l) => l.level === "error")).toEqual([]);
  });

  it("is posted once by the retry when Teams answered 503 to the first run", async () => {
    // Prepare
    const handler = digestHandler();
    rig.connector.unavailable.add(PROGRAMME);

    // Act
    const error = await handler({ scheduledTime: MONDAY }, context).catch((e: unknown) => e);
    const refusedFirst = [...rig.connector.refused];
    const postedFirst = digests().length;
    rig.connector.unavailable.clear();
    const retry = await handler({ scheduledTime: MONDAY }, context);

    // Assess: refused every time (the SDK retried the 503, nothing posted), the run failed so the scheduler
    // retries, the claim was given back, and the retry posted it once.
    expect(refusedFirst.length).toBeGreaterThan(1);
    expect(refusedFirst.every((r) => r.conversationId === PROGRAMME && r.status === 503)).toBe(true);
    expect(postedFirst).toBe(0);
    expect(error).toBeInstanceOf(DigestDeliveryError);
    expect((error as DigestDeliveryError).result.failed).toEqual([
      expect.objectContaining({
        conversationId: PROGRAMME,
        permanent: false,
        error: "Teams answered HTTP 503",
      }),
    ]);
    expect(retry.delivered).toEqual([{ platform: "teams", conversationId: PROGRAMME }]);
    expect(retry.unknown).toEqual([]);
    expect(digests()).toHaveLength(1);
  });
});
