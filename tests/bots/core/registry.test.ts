import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../bots/core/commands.ts";
import {
  ACTIONS,
  COMMAND_NAMES,
  helpLines,
  isActionId,
  teamsCommandMenu,
} from "../../../bots/core/registry.ts";
import { createMemoryPathfinder } from "../../support/memory-pathfinder.ts";

describe("the command registry", () => {
  it("generates one help line per command, written as each surface types it", () => {
    // Act
    const slack = helpLines("/pathfinder ");
    const teams = helpLines("");

    // Assess: every command is in the help text (unsubscribe shares subscribe's line).
    for (const name of COMMAND_NAMES) {
      expect(slack.join("\n")).toContain(`*/pathfinder ${name}`);
    }
    expect(teams[0]).toBe("*ask <question>*: answers from the knowledge base, with sources");
    expect(teams.some((line) => line.startsWith("*guide [topic]*"))).toBe(true);
  });

  it("parses every registered command word", () => {
    for (const name of COMMAND_NAMES) {
      expect(parseCommand(name, "command")).toEqual({ name, args: "" });
    }
    expect(parseCommand("guide pensions", "command")).toEqual({ name: "guide", args: "pensions" });
  });

  it("fits Teams' command menu limits: at most 10 commands, titles 32 and descriptions 128 characters", () => {
    // Act
    const menu = teamsCommandMenu();

    // Assess
    expect(menu.length).toBeLessThanOrEqual(10);
    expect(menu.map((c) => c.title)).toContain("guide");
    for (const command of menu) {
      expect(command.title.length).toBeLessThanOrEqual(32);
      expect(command.description.length).toBeLessThanOrEqual(128);
    }
  });

  it("knows its own action ids and no others", () => {
    expect(Object.keys(ACTIONS).every(isActionId)).toBe(true);
    expect(isActionId("no.such.action")).toBe(false);
    expect(isActionId("toString")).toBe(false);
  });
});

describe("forms and tracked posts", () => {
  it("answers a form id it does not know with a reply, not a crash", async () => {
    const { core } = createMemoryPathfinder().app;
    const opened = await core.openForm({
      actor: { platform: "slack", userId: "U1" },
      formId: "no.such.form" as never,
      conversation: { id: "D1", kind: "personal" },
      eventId: "e1",
    });
    expect("result" in opened && opened.result.replies[0]?.text).toMatch(/isn't one I know/);
  });

  it("ignores a tracked post whose prefix no feature registered", async () => {
    const { core } = createMemoryPathfinder().app;
    await expect(
      core.handlePosted("nobody:1", { platform: "slack", conversationId: "C1", threadId: "1.2" }),
    ).resolves.toBeUndefined();
  });
});
