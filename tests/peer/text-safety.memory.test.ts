import { describe, expect, it } from "vitest";
import { EmptyTextError } from "../../peer/errors.ts";
import type { UserRef } from "../../peer/ports.ts";
import { openInMemory } from "./contract/open.ts";

const jo: UserRef = { platform: "slack", userId: "U0JO" };
const at = new Date("2026-02-03T10:00:00Z");

function isControlOrBidi(ch: string): boolean {
  const c = ch.codePointAt(0) ?? 0;
  return (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e) || (c >= 0x2066 && c <= 0x2069);
}

// Issue 13 item 7: NUL, BEL, ESC (ANSI sequences reached an operator's terminal through `digest`) and U+202E
// survived cleanText and were stored, then echoed by list, export and the digest.
describe("text stored by the domain is plain (issue 13 item 7)", () => {
  it("stores a report, its labels and its resolution note without control or bidi characters, in NFC", async () => {
    const { services } = await openInMemory({ hashKey: "k" });
    const { report } = await services.obstacles.log({
      user: jo,
      text: "Unison\u0000 ballot\u0007 \u001b[2J\u001b[31mnow\u001b[0m \u202Etxt.exe\u202C, Cafe\u0301 contract",
      organisation: "North\u2066shire\u2069 Council\u001b]0;pwned\u0007",
      categories: ["staff-unions"],
      idempotencyKey: "e1",
      now: at,
    });
    const resolved = await services.obstacles.resolve(jo, report.id, "joint forum\u009b31m helped\u200F", at);

    const [stored] = await services.obstacles.listForUser(jo);
    expect(stored?.text).toBe("Unison ballot now txt.exe, Caf\u00e9 contract");
    expect(stored?.organisation).toBe("Northshire Council");
    expect(resolved.resolutionNote).toBe("joint forum helped");
    const everything = JSON.stringify(await services.privacy.export(jo));
    // JSON.stringify escapes C0 controls as \u00XX, so look for those escapes as well as raw C1 and bidi.
    expect(everything).not.toMatch(/\\u00[01][0-9a-f]/i);
    expect([...everything].filter(isControlOrBidi)).toEqual([]);
  });

  it("refuses a text made only of control characters as empty, rather than storing nothing visible", async () => {
    const { services } = await openInMemory({ hashKey: "k" });
    await expect(
      services.obstacles.log({
        user: jo,
        text: "\u0000\u0007\u202E\u001b[0m",
        idempotencyKey: "e2",
        now: at,
      }),
    ).rejects.toBeInstanceOf(EmptyTextError);
  });
});

describe("ambassador profiles are plain text too (issue 13 item 7)", () => {
  it("stores a name and bio without ANSI sequences, bidi overrides or NUL", async () => {
    const { services } = await openInMemory({ hashKey: "k" });

    const saved = await services.ambassadors.put({
      id: "amara",
      displayName: "Amara\u202E Okafor\u0000",
      bio: "\u001b[31mTUPE\u001b[0m and pensions, Cafe\u0301",
      categories: ["hr-tupe-pensions"],
      serviceAreas: [],
      monthlyCapacity: 2,
    });

    expect(saved.displayName).toBe("Amara Okafor");
    expect(saved.bio).toBe("TUPE and pensions, Caf\u00e9");
  });
});
