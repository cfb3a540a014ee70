import { describe, expect, it } from "vitest";
import { parseCommand } from "../../../bots/core/commands.ts";

describe("parseCommand after /pathfinder (strict)", () => {
  it("reads each subcommand and its text", () => {
    expect(parseCommand("ask how do we handle TUPE?", "command")).toEqual({
      name: "ask",
      args: "how do we handle TUPE?",
    });
    expect(parseCommand("blocker  our union reps are against it ", "command")).toEqual({
      name: "blocker",
      args: "our union reps are against it",
    });
    expect(parseCommand("mentor", "command")).toEqual({ name: "mentor", args: "" });
    expect(parseCommand("forget me", "command")).toEqual({ name: "forget-me", args: "" });
    expect(parseCommand("Subscribe", "command")).toEqual({ name: "subscribe", args: "" });
  });

  it("gives the help text for an unknown subcommand or no text", () => {
    expect(parseCommand("dance now", "command")).toEqual({ name: "help", args: "", unknown: "dance" });
    expect(parseCommand("   ", "command")).toEqual({ name: "help", args: "" });
  });
});

describe("parseCommand in a mention or DM (lenient)", () => {
  it("treats ordinary sentences as questions", () => {
    expect(parseCommand("will staff keep their terms?", "chat")).toEqual({
      name: "ask",
      args: "will staff keep their terms?",
    });
  });

  it("does not mistake a question that starts with a command word for the command", () => {
    expect(parseCommand("help me understand TUPE", "chat").name).toBe("ask");
    expect(parseCommand("digest of the NAO report?", "chat").name).toBe("ask");
    expect(parseCommand("export controls for councils", "chat").name).toBe("ask");
  });

  it("still understands bare commands and commands with text", () => {
    expect(parseCommand("help", "chat").name).toBe("help");
    expect(parseCommand("digest", "chat").name).toBe("digest");
    expect(parseCommand("blocker procurement wants a full tender", "chat")).toEqual({
      name: "blocker",
      args: "procurement wants a full tender",
    });
  });

  it("keeps aliases to the slash command, where nothing else can be meant", () => {
    expect(parseCommand("ambassador", "command").name).toBe("mentor");
    expect(parseCommand("ambassador in the north west", "chat").name).toBe("ask");
    // "ambassadors" is the coordinators' command now; its handler passes anything else on to mentor/ask
    // (tests/bots/core/ambassador-self-and-coordinators.test.ts).
    expect(parseCommand("ambassadors list", "command")).toEqual({ name: "ambassadors", args: "list" });
  });
});
