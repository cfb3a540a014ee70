import { beforeAll, describe, expect, it } from "vitest";
import { buildDigest } from "../../../digest/build.ts";
import { isoWeek, previousWeek } from "../../../peer/week.ts";
import { createMemoryPathfinder, type MemoryPathfinder } from "../../support/memory-pathfinder.ts";
import { button, message, press } from "./support/requests.ts";

let t: MemoryPathfinder;

beforeAll(async () => {
  t = createMemoryPathfinder();
});

describe("subscriptions, digest and privacy", () => {
  it("subscribes a channel once and unsubscribes it", async () => {
    const first = await t.app.core.handleMessage(message("subscribe", { mode: "command" }));
    const second = await t.app.core.handleMessage(message("subscribe", { mode: "command" }));
    expect(first.replies[0]?.text).toMatch(/^Subscribed/);
    expect(second.replies[0]?.text).toMatch(/already subscribed/);
    expect((await t.app.peer.subscriptions.list()).map((s) => s.conversationId)).toContain("C0CHANNEL");

    await t.app.core.handleMessage(message("unsubscribe", { mode: "command" }));
    expect((await t.app.peer.subscriptions.list()).map((s) => s.conversationId)).not.toContain("C0CHANNEL");
  });

  it("shows the digest privately", async () => {
    const result = await t.app.core.handleMessage(message("digest", { mode: "command" }));
    expect(result.replies[0]?.visibility).toBe("private");
    expect(result.replies[0]?.text.length).toBeGreaterThan(0);
  });

  it("regression (issue 17.1): `digest` right after logging shows this week so far, with last week's on a button", async () => {
    // Prepare: a blocker logged a moment ago
    await t.app.core.handleMessage(
      message("blocker our pension fund will not admit the new body", { mode: "command" }),
    );

    // Act
    const result = await t.app.core.handleMessage(message("digest", { mode: "command" }));

    // Assess: this week, marked as so far, counting the blocker
    const reply = result.replies[0];
    const thisWeek = isoWeek(t.now());
    expect(reply?.visibility).toBe("private");
    expect(reply?.text).toContain("(so far)");
    expect(reply?.text).toContain("HR, TUPE and pensions (1 report)");
    expect(JSON.stringify(reply?.blocks)).toContain(`ISO week ${thisWeek}`);

    // Act: the button shows last week, the week Monday's post reports on
    const lastWeek = await t.app.core.handleAction(press(button(result, "digest.last-week")));

    // Assess
    const shown = lastWeek.replies[0];
    expect(shown?.visibility).toBe("private");
    const { period } = await buildDigest(t.app.peer.stats, previousWeek(t.now()), { now: t.now() });
    expect(shown?.text).toMatch(/^A quiet week on Pathfinder/);
    expect(shown?.text).toContain(`(${period})`);
  });

  it("gives the help text for unknown subcommands and unknown buttons", async () => {
    const help = await t.app.core.handleMessage(message("frobnicate", { mode: "command" }));
    expect(help.replies[0]?.blocks.map((b) => JSON.stringify(b)).join()).toMatch(
      /frobnicate.*pathfinder ask/s,
    );
    const unknown = await t.app.core.handleAction(
      press({ id: "feedback.helpful", label: "", value: "" }, { actionId: "no.such.action" }),
    );
    expect(unknown.replies[0]?.text).toMatch(/expired or isn.t one I know/);
  });

  it("exports what it holds and erases it after confirmation", async () => {
    const person = { platform: "slack" as const, userId: "U0LEAVER" };
    await t.app.core.handleMessage(
      message("blocker our councillors want to keep control of the service", {
        actor: person,
        mode: "command",
      }),
    );

    const exported = await t.app.core.handleMessage(message("export", { actor: person, mode: "command" }));
    expect(exported.replies[0]?.text).toMatch(/1 blocker report/);

    const confirm = await t.app.core.handleMessage(message("forget-me", { actor: person, mode: "command" }));
    const erased = await t.app.core.handleAction(
      press(button(confirm, "privacy.erase.confirm"), { actor: person }),
    );

    expect(erased.replies[0]?.text).toMatch(/erased [1-9]\d* record/);
    const after = await t.app.peer.privacy.export(person);
    expect(after.reports).toHaveLength(0);
  });
});
