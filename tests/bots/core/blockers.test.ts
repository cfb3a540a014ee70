import { beforeAll, describe, expect, it } from "vitest";
import { isoWeek } from "../../../peer/week.ts";
import { createMemoryPathfinder, type MemoryPathfinder } from "../../support/memory-pathfinder.ts";
import { asker, button, buttons, message, press } from "./support/requests.ts";

let t: MemoryPathfinder;

beforeAll(async () => {
  t = createMemoryPathfinder();
});

describe("blockers", () => {
  it("logs a blocker once per event, shows its category and lets the reporter correct it", async () => {
    const request = message("blocker our unison branch is campaigning against the spin-out", {
      mode: "command",
    });

    const result = await t.app.core.handleMessage(request);
    await t.app.core.handleMessage(request); // Slack retry

    expect(result.replies[0]?.text).toMatch(/Logged as Staff and unions/);
    const reports = await t.app.peer.obstacles.listForUser(asker);
    expect(reports.filter((r) => r.text.includes("unison branch"))).toHaveLength(1);

    const correct = result.replies
      .flatMap(buttons)
      .find((a) => a.id === "blocker.correct" && a.value.endsWith("hr-tupe-pensions"));
    if (!correct) throw new Error("no correction button for HR, TUPE and pensions");
    const corrected = await t.app.core.handleAction(press(correct));

    expect(corrected.replies[0]?.text).toMatch(/HR, TUPE and pensions/);
    const report = (await t.app.peer.obstacles.listForUser(asker)).find((r) =>
      r.text.includes("unison branch"),
    );
    expect(report?.categories.map((c) => c.id)).toEqual(["hr-tupe-pensions"]);
    expect(report?.corrected).toBe(true);
  });

  it("lets the reporter opt in to an anonymised quote in the digest from the blocker reply", async () => {
    const person = { platform: "slack" as const, userId: "U0QUOTER" };
    const logged = await t.app.core.handleMessage(
      message("blocker our finance director says the business case does not add up", {
        actor: person,
        mode: "command",
      }),
    );
    const quote = logged.replies
      .flatMap(buttons)
      .find((a) => a.id === "blocker.consent" && a.value.endsWith("quote"));
    if (!quote) throw new Error("no quote consent button");

    const result = await t.app.core.handleAction(press(quote, { actor: person }));

    expect(result.replies[0]?.text).toMatch(/may quote your blocker/);
    const [report] = await t.app.peer.obstacles.listForUser(person);
    expect(report?.allowQuote).toBe(true);
    const category = report?.categories[0]?.id ?? "";
    expect(await t.app.peer.stats.quotableExamples(isoWeek(t.now()), category, 5)).toEqual([
      expect.stringContaining("business case does not add up"),
    ]);
  });

  it("does not let someone else correct my blocker", async () => {
    const result = await t.app.core.handleMessage(
      message("blocker the procurement team insists on a full open tender", { mode: "command" }),
    );
    const correct = button(result, "blocker.correct");

    const attempt = await t.app.core.handleAction(
      press(correct, { actor: { platform: "slack", userId: "U0SOMEONEELSE" } }),
    );

    expect(attempt.replies[0]?.visibility).toBe("private");
    expect(attempt.replies[0]?.text).toMatch(/Only the person who reported/);
    const reports = await t.app.peer.obstacles.listForUser(asker);
    const report = reports.find((r) => r.text.includes("full open tender"));
    expect(report?.corrected).toBe(false);
  });

  it("asks for text instead of logging an empty blocker", async () => {
    const result = await t.app.core.handleMessage(message("blocker", { mode: "command" }));
    expect(result.replies[0]?.text).toMatch(/Tell me what is blocking you/);
  });

  it("turns an over-long blocker into a clear message, not an exception", async () => {
    const result = await t.app.core.handleMessage(
      message(`blocker ${"very long ".repeat(1000)}`, { mode: "command" }),
    );
    expect(result.replies[0]?.text).toMatch(/long/i);
  });

  it("resolves the latest open blocker with what helped", async () => {
    const result = await t.app.core.handleMessage(
      message("resolve the union came round after a joint workshop", { mode: "command" }),
    );
    expect(result.replies[0]?.text).toMatch(/resolved/);
    const reports = await t.app.peer.obstacles.listForUser(asker);
    expect(reports.some((r) => r.status === "resolved" && r.resolutionNote?.includes("joint workshop"))).toBe(
      true,
    );
  });
});
