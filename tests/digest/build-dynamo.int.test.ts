/**
 * The digest built from the real WeeklyStats adapter on DynamoDB Local: what reporters logged, resolved,
 * asked and agreed to, across weeks, reaches the digest, and only what they allowed to be quoted is quoted.
 */
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { buildDigest } from "../../digest/build.ts";
import { renderDigest } from "../../digest/render.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { createPeerServices } from "../../store/peer-services.ts";
import { createTestTable, type TestTable } from "../support/dynamo.ts";

let table: TestTable;
let peer: PeerServices;
let seq = 0;

beforeEach(async () => {
  table = await createTestTable("digest-build");
  peer = createPeerServices({ doc: table.doc, tableName: table.tableName, hashKey: "test-hash-key" });
});
afterEach(async () => {
  await table.drop();
});

async function report(category: string, at: string, options: { text?: string; allowQuote?: boolean } = {}) {
  seq += 1;
  const user = { platform: "slack" as const, userId: `U${seq}` };
  const { report } = await peer.obstacles.log({
    user,
    text: options.text ?? `Report ${seq} about ${category}`,
    categories: [category],
    allowQuote: options.allowQuote ?? false,
    idempotencyKey: `evt-${seq}`,
    now: new Date(at),
  });
  return { user, report };
}

async function reportMany(count: number, category: string, at: string) {
  for (let i = 0; i < count; i++) await report(category, at);
}

const NOW = new Date("2026-11-23T09:00:00Z");

describe("buildDigest over DynamoDB", () => {
  it("quotes only reporters who allowed it, scrubbed, and never the others", async () => {
    // Prepare
    await report("staff-unions", "2026-11-17T10:00:00Z", {
      text: "Union reps think it is privatisation by the back door; write to me at jo@example.org",
      allowQuote: true,
    });
    await report("staff-unions", "2026-11-18T10:00:00Z", { text: "SECRET do not share this one" });
    await report("staff-unions", "2026-11-19T10:00:00Z", { text: "Also private", allowQuote: false });

    // Act
    const digest = await buildDigest(peer.stats, "2026-W47", { now: NOW });

    // Assess
    const row = digest.blockers.find((b) => b.category === "staff-unions");
    expect(row?.count).toBe(3);
    expect(row?.examples).toHaveLength(1);
    expect(row?.examples[0]).toContain("privatisation by the back door");
    expect(row?.examples[0]).not.toContain("jo@example.org");
    expect(JSON.stringify(renderDigest(digest))).not.toMatch(/SECRET|Also private|jo@example/);
  });

  it("flags a spike against the four weeks before and not a category at its usual level", async () => {
    // Prepare: staff and unions 2 a week then 9; procurement 4 a week throughout.
    for (const day of ["2026-10-21", "2026-10-28", "2026-11-04", "2026-11-11"]) {
      await reportMany(2, "staff-unions", `${day}T10:00:00Z`);
      await reportMany(4, "procurement", `${day}T10:00:00Z`);
    }
    await reportMany(9, "staff-unions", "2026-11-18T10:00:00Z");
    await reportMany(5, "procurement", "2026-11-18T10:00:00Z");

    // Act
    const digest = await buildDigest(peer.stats, "2026-W47", { now: NOW });

    // Assess
    expect(digest.signals.map((s) => s.message)).toEqual(["Staff and unions: 9 reports, 4.5x the usual"]);
    expect(digest.blockers.map((b) => [b.category, b.count, b.previous, b.usual])).toEqual([
      ["staff-unions", 9, 2, 2],
      ["procurement", 5, 4, 4],
    ]);
  });

  it("collects what helped, unanswered themes and introductions for the week", async () => {
    const { user, report: logged } = await report("procurement", "2026-11-10T10:00:00Z");
    await peer.obstacles.resolve(
      user,
      logged.id,
      "A two-stage tender gave us time",
      new Date("2026-11-18T12:00:00Z"),
    );
    await peer.signals.record({
      user,
      topics: ["hr-tupe-pensions"],
      answered: false,
      idempotencyKey: "q1",
      now: new Date("2026-11-19T12:00:00Z"),
    });
    await peer.signals.record({
      user,
      topics: ["funding"],
      answered: true,
      idempotencyKey: "q2",
      now: new Date("2026-11-19T12:00:00Z"),
    });
    await peer.ambassadors.put({
      id: "amb-1",
      displayName: "Sam Ambassador",
      slackUserId: "U0AMB1234",
      categories: ["procurement"],
      serviceAreas: ["adult social care"],
      monthlyCapacity: 4,
    });
    await peer.introductions.propose({
      asker: user,
      kind: "ambassador",
      targetId: "amb-1",
      topic: "procurement",
      idempotencyKey: "intro-1",
      now: new Date("2026-11-20T12:00:00Z"),
    });

    const digest = await buildDigest(peer.stats, "2026-W47", { now: NOW });

    expect(digest.helped).toEqual([
      {
        category: "procurement",
        label: "Procurement and contracts",
        note: "A two-stage tender gave us time",
      },
    ]);
    expect(digest.questions).toEqual({
      asked: 2,
      unanswered: 1,
      themes: [{ category: "hr-tupe-pensions", label: "HR, TUPE and pensions", count: 1 }],
    });
    expect(digest.introductions.proposed).toBe(1);
    expect(digest.blockers).toEqual([]); // the report was logged the week before
    expect(digest.empty).toBe(false);
  });

  it("counts a report logged on New Year's Eve in week 53, and one on 4 January 2027 in the next week", async () => {
    await reportMany(2, "legal-governance", "2026-12-31T23:30:00Z");
    await reportMany(1, "legal-governance", "2027-01-04T00:30:00Z");

    const w53 = await buildDigest(peer.stats, "2026-W53", { now: new Date("2027-01-04T09:00:00Z") });
    const w01 = await buildDigest(peer.stats, "2027-W01", { now: new Date("2027-01-11T09:00:00Z") });

    expect(w53.blockers.map((b) => b.count)).toEqual([2]);
    expect(w01.blockers.map((b) => [b.count, b.previous])).toEqual([[1, 2]]);
  });

  it("says an empty week is empty", async () => {
    await reportMany(1, "funding", "2026-11-10T10:00:00Z");
    const digest = await buildDigest(peer.stats, "2026-W47", { now: NOW });
    expect(digest.empty).toBe(true);
    expect(renderDigest(digest).blocks).toHaveLength(1);
  });
});
