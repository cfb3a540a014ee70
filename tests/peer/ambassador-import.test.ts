import { describe, expect, it } from "vitest";
import { parseAmbassadorRows } from "../../peer/ambassador-file.ts";
import {
  applyImport,
  describeImport,
  planAmbassadorImport,
  planImportInto,
  summariseImport,
} from "../../peer/ambassador-import.ts";
import { AmbassadorValidationError } from "../../peer/errors.ts";
import { createInMemoryPeerServices } from "../../store/memory/peer-services.ts";

/** The file a new user imported twice: no ids, so each import used to mint new ones. */
const csv = `displayName,email,slackUserId,categories,serviceAreas,region,monthlyCapacity
Tom Price,Tom.Price@example.org,U0TOMPRICE,procurement,leisure,Wales,2
Amara Okafor,,U0AMARA1,hr-tupe-pensions,adult social care,North West,3
Gareth Lewis,,,business-case,libraries,,1
`;

function issuesOf(run: () => unknown): string[] {
  try {
    run();
  } catch (error) {
    if (error instanceof AmbassadorValidationError) return error.issues;
    throw error;
  }
  throw new Error("expected an AmbassadorValidationError");
}

describe("re-runnable ambassador import", () => {
  it('regression: re-importing the same CSV no longer doubles every ambassador (two "Tom Price")', async () => {
    // Prepare
    const peer = createInMemoryPeerServices();
    const first = await planImportInto(peer.ambassadors, parseAmbassadorRows(csv, "csv"));
    await applyImport(peer.ambassadors, first);

    // Act: the same file again (parsing mints fresh random ids each time).
    const again = await planImportInto(peer.ambassadors, parseAmbassadorRows(csv, "csv"));
    await applyImport(peer.ambassadors, again);

    // Assess
    expect(summariseImport(first)).toBe("3 added, 0 updated, 0 unchanged");
    expect(summariseImport(again)).toBe("0 added, 0 updated, 3 unchanged");
    const list = await peer.ambassadors.list();
    expect(list.map((a) => a.displayName).sort()).toEqual(["Amara Okafor", "Gareth Lewis", "Tom Price"]);
    expect(list.find((a) => a.displayName === "Tom Price")?.email).toBe("tom.price@example.org");
  });

  it("matches on e-mail, then platform id, and keeps the stored id and statistics on update", async () => {
    const peer = createInMemoryPeerServices();
    await applyImport(
      peer.ambassadors,
      await planImportInto(peer.ambassadors, parseAmbassadorRows(csv, "csv")),
    );
    const tom = (await peer.ambassadors.list()).find((a) => a.displayName === "Tom Price");
    const renamed = csv
      .replace("Tom Price,Tom.Price@example.org,U0TOMPRICE", "Thomas Price,tom.price@example.org,U0TOMNEW")
      .replace("North West,3", "North West,5");

    const plan = await planImportInto(peer.ambassadors, parseAmbassadorRows(renamed, "csv"));

    expect(summariseImport(plan)).toBe("0 added, 2 updated, 1 unchanged");
    expect(
      plan.updated.map((c) => [c.ambassador.id === tom?.id || c.ambassador.displayName, c.fields]),
    ).toEqual([
      [true, ["displayName", "slackUserId"]],
      ["Amara Okafor", ["monthlyCapacity"]],
    ]);
    expect(describeImport(plan)[0]).toMatch(/^~ line 2: update Thomas Price \(tom-price-[0-9a-f]{4}\): /);
  });

  it("prunes only when asked, and lists what it would remove", async () => {
    const peer = createInMemoryPeerServices();
    await applyImport(
      peer.ambassadors,
      await planImportInto(peer.ambassadors, parseAmbassadorRows(csv, "csv")),
    );
    const shorter = csv.split("\n").slice(0, 3).join("\n");

    const kept = await planImportInto(peer.ambassadors, parseAmbassadorRows(shorter, "csv"));
    const pruned = await planImportInto(peer.ambassadors, parseAmbassadorRows(shorter, "csv"), {
      prune: true,
    });
    await applyImport(peer.ambassadors, pruned);

    expect(kept.removed).toEqual([]);
    expect(summariseImport(pruned, { prune: true })).toBe("0 added, 0 updated, 2 unchanged, 1 removed");
    expect(describeImport(pruned)).toEqual([expect.stringMatching(/^- remove Gareth Lewis \(gareth-lewis-/)]);
    expect((await peer.ambassadors.list()).map((a) => a.displayName).sort()).toEqual([
      "Amara Okafor",
      "Tom Price",
    ]);
  });

  it("refuses a row that would give two ambassadors one platform id, with its line, writing nothing", async () => {
    const peer = createInMemoryPeerServices();
    await applyImport(
      peer.ambassadors,
      await planImportInto(peer.ambassadors, parseAmbassadorRows(csv, "csv")),
    );
    const before = await peer.ambassadors.list();
    const clash = `${csv}Sam Patel,sam@example.org,U0AMARA1,funding,,,1\nSam Two,,U0SAM,funding,,,1\nSam Three,,U0SAM,funding,,,1\n`;

    const issues = issuesOf(() => planAmbassadorImport(before, parseAmbassadorRows(clash, "csv")));

    expect(issues).toEqual([
      "line 5: Slack user id U0AMARA1 is also line 3's (Amara Okafor)",
      "line 7: Slack user id U0SAM is also line 6's",
    ]);
    expect(await peer.ambassadors.list()).toEqual(before);
  });

  it("names the stored ambassador a row collides with when that one is not in the file", () => {
    const existing = parseAmbassadorRows(csv, "csv").map((r) => r.ambassador);
    const row = parseAmbassadorRows(
      "displayName,email,teamsUserId,slackUserId,categories\nNew Person,new@example.org,,U0TOMPRICE,funding\n",
      "csv",
    );
    expect(issuesOf(() => planAmbassadorImport(existing, row))).toEqual([
      expect.stringMatching(
        /^line 2: Slack user id U0TOMPRICE is also Tom Price \(tom-price-.{4}\), already in the directory's$/,
      ),
    ]);
  });

  it("refuses two rows that are the same stored ambassador", () => {
    const existing = parseAmbassadorRows(csv, "csv").map((r) => r.ambassador);
    const rows = parseAmbassadorRows(
      "displayName,email,categories\nTom,tom.price@example.org,funding\nTom again,TOM.PRICE@example.org,funding\n",
      "csv",
    );
    expect(issuesOf(() => planAmbassadorImport(existing, rows))).toContain(
      "line 3: e-mail tom.price@example.org is also line 2's (Tom Price)",
    );
  });
});
