/** The card Pathfinder posts when it is installed in a personal chat, a group chat or a team. */
import { helpLines } from "../core/registry.ts";
import type { Reply } from "../core/reply.ts";

/** The welcome reply: what Pathfinder is for and every command, as typed in Teams. */
export function welcomeReply(scope: "personal" | "channel" | "group"): Reply {
  const howTo =
    scope === "personal"
      ? "Type a question here, or one of these commands:"
      : "Mention *@Pathfinder* with a question, or with one of these commands:";
  return {
    text: "Welcome to Pathfinder: answers with sources, people who have faced the same obstacle, and a weekly digest.",
    visibility: "public",
    blocks: [
      { type: "heading", text: "Welcome to Pathfinder" },
      {
        type: "text",
        text: "I help people spinning council services out into employee-owned mutuals: answers from practitioners' articles, with sources; introductions to ambassadors and peers who have faced the same obstacle; and a weekly digest of common blockers.",
      },
      { type: "text", text: howTo },
      { type: "text", text: helpLines("").join("\n") },
      {
        type: "context",
        text: "Replies only you should see (your blockers, your data) come to your personal chat with Pathfinder. User ids are stored as keyed hashes; *forget-me* erases what I hold about you.",
      },
    ],
  };
}
