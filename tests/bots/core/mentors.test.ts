import { beforeAll, describe, expect, it } from "vitest";
import { loadSampleAmbassadorsIfEmpty } from "../../../peer/sample-ambassadors.ts";
import { createMemoryPathfinder, type MemoryPathfinder } from "../../support/memory-pathfinder.ts";
import { allText, asker, buttons, message, press } from "./support/requests.ts";

let t: MemoryPathfinder;

beforeAll(async () => {
  t = createMemoryPathfinder();
  await loadSampleAmbassadorsIfEmpty(t.app.peer);
});

describe("ambassadors and introductions", () => {
  it("with no topic and no thread, suggests ambassadors as available and says what they cover (issue 17 item 9)", async () => {
    // Prepare: a conversation with no remembered question
    const quiet = { id: "C0QUIET", kind: "channel" as const };

    // Act
    const suggestions = await t.app.core.handleMessage(
      message("mentor", { mode: "command", conversation: quiet }),
    );

    // Assess
    const text = allText(suggestions);
    expect(text).not.toMatch(/help with \*Isolation and support\*/);
    expect(text).toMatch(/Ambassadors with time this month/);
    expect(text).toMatch(/available this month; covers /);
    expect(suggestions.replies.flatMap(buttons).some((a) => a.id === "ambassador.choose")).toBe(true);
  });

  it("after declining an everyday question, offers whoever has time, not people matched on its words", async () => {
    // Act: "capital" alone reads as funding; the knowledge base gives the decline no field topic.
    const everyday = await t.app.core.handleMessage(message("What's the capital of Canada?"));
    const nearMiss = await t.app.core.handleMessage(
      message("Do we need insurance in place before staff transfer to the mutual?"),
    );

    // Assess
    expect(allText(everyday)).toMatch(/Ambassadors with time this month/);
    expect(allText(everyday)).not.toMatch(/People who can help with/);
    expect(allText(nearMiss)).toMatch(/People who can help with \*/);
  });

  it("suggests ambassadors with reasons, introduces once, and opens a group chat when they accept", async () => {
    const suggestions = await t.app.core.handleMessage(
      message("mentor TUPE transfer of care staff", { mode: "command" }),
    );
    expect(allText(suggestions)).toMatch(/Amara Okafor/);
    const choose = suggestions.replies
      .flatMap(buttons)
      .find((a) => a.id === "ambassador.choose" && a.value.startsWith("sample-amara-okafor"));
    if (!choose) throw new Error("Amara was not offered");

    const chosen = await t.app.core.handleAction(press(choose));
    const again = await t.app.core.handleAction(press(choose)); // a double click

    expect(chosen.outbox).toHaveLength(1);
    expect(chosen.outbox[0]).toMatchObject({
      kind: "direct",
      to: { platform: "slack", userId: "U0SAMPLE01" },
    });
    // Asking again re-sends the same keyed request (adapters deliver a key once), so a request whose
    // first delivery failed still reaches the ambassador, and a double click reaches them only once.
    expect(again.replies[0]?.text).toMatch(/already asked/);
    expect(again.outbox.map((o) => o.key)).toEqual(chosen.outbox.map((o) => o.key));
    expect(chosen.outbox[0]?.key).toMatch(/^intro-request:/);
    const [intro] = await t.app.peer.introductions.listForUser(asker);
    expect(intro?.status).toBe("proposed");

    const outbound = chosen.outbox[0];
    if (outbound?.kind !== "direct") throw new Error("expected a direct message");
    const accept = buttons(outbound.reply).find((a) => a.id === "intro.accept");
    if (!accept) throw new Error("no accept button");
    const ambassador = { platform: "slack" as const, userId: "U0SAMPLE01" };

    const stranger = await t.app.core.handleAction(
      press(accept, { actor: { platform: "slack", userId: "U0STRANGER" } }),
    );
    expect(stranger.outbox).toHaveLength(0);

    const accepted = await t.app.core.handleAction(press(accept, { actor: ambassador }));
    expect(accepted.outbox).toEqual([
      expect.objectContaining({ kind: "group", platform: "slack", userIds: ["U0ASKER", "U0SAMPLE01"] }),
    ]);
    expect((await t.app.peer.introductions.get(intro?.id ?? ""))?.status).toBe("accepted");

    // Regression: a second press on Accept (a new event id) introduced the pair twice.
    const pressedAgain = await t.app.core.handleAction(press(accept, { actor: ambassador }));
    expect(pressedAgain.outbox).toHaveLength(0);
    expect(pressedAgain.replies[0]?.text).toMatch(/Already done/);
  });
});

describe("peer introductions", () => {
  it("in the playground, points the practitioner to Acting as instead of a coordinator (issue 17 item 8)", async () => {
    const web = { platform: "web" as const, userId: "web-visitor", displayName: "Sam" };
    const suggestions = await t.app.core.handleMessage(
      message("mentor TUPE transfer of care staff", { mode: "command", actor: web }),
    );
    const choose = suggestions.replies.flatMap(buttons).find((a) => a.id === "ambassador.choose");
    if (!choose) throw new Error("nobody was offered");

    const chosen = await t.app.core.handleAction(press(choose, { actor: web }));

    expect(allText(chosen)).toMatch(/switch \*Acting as\* to .+ and accept it there/);
    expect(allText(chosen)).not.toMatch(/coordinator will put you in touch/);
  });

  it("regression (issue 13.2): a declining peer is not named to the asker", async () => {
    // Prepare: a peer logs a blocker and agrees to be contacted; the asker asks to compare notes
    const peer = { platform: "slack" as const, userId: "U0JANEPEER", displayName: "jane.peer" };
    const logged = await t.app.core.handleMessage(
      message("blocker the unison branch is campaigning against our spin-out", {
        actor: peer,
        mode: "command",
      }),
    );
    const contact = logged.replies
      .flatMap(buttons)
      .find((a) => a.id === "blocker.consent" && a.value.endsWith("contact"));
    if (!contact) throw new Error("no contact consent button");
    await t.app.core.handleAction(press(contact, { actor: peer }));
    const suggestions = await t.app.core.handleMessage(
      message("mentor union opposition to the spin-out", { mode: "command" }),
    );
    const choose = suggestions.replies.flatMap(buttons).find((a) => a.id === "peer.choose");
    if (!choose) throw new Error(`no peer offered: ${allText(suggestions)}`);
    const asked = await t.app.core.handleAction(press(choose));
    const request = asked.outbox[0];
    if (request?.kind !== "direct") throw new Error("the peer was not asked");
    const decline = buttons(request.reply).find((a) => a.id === "intro.decline");
    if (!decline) throw new Error("no decline button");

    // Act
    const declined = await t.app.core.handleAction(press(decline, { actor: peer }));

    // Assess
    const told = declined.outbox[0];
    expect(told).toMatchObject({ kind: "direct", to: { platform: "slack", userId: asker.userId } });
    if (told?.kind !== "direct") throw new Error("the asker was not told");
    expect(told.reply.text).toMatch(/^The peer can't take on your request/);
    expect(JSON.stringify(told.reply)).not.toContain("jane.peer");
  });
});
