import { describe, expect, it } from "vitest";
import { helpLines } from "../../../bots/core/registry.ts";
import { welcomeReply } from "../../../bots/teams/welcome.ts";

describe("the Teams welcome card", () => {
  it("lists every command from the registry, as typed in Teams", () => {
    // Act
    const reply = welcomeReply("personal");

    // Assess
    const text = reply.blocks.map((b) => ("text" in b ? b.text : "")).join("\n");
    expect(text).toContain(helpLines("").join("\n"));
    expect(text).toContain("*guide [topic]*");
    expect(text).not.toContain("/pathfinder");
  });
});
