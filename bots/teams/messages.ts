/** What the Teams bot says to people, in one place so tests and docs agree. */
import type { Reply } from "../core/reply.ts";
import { MAX_MESSAGE_LENGTH } from "./activity.ts";

/** User-facing sentences, in one place so tests and docs agree. */
export const TEAMS_MESSAGES = {
  attachmentsOnly:
    "I can only read text. Type your question, or *help* to see what I can do (files and images are not stored).",
  tooLong: (length: number) =>
    `That message is ${length.toLocaleString("en-GB")} characters; I can read up to ${MAX_MESSAGE_LENGTH.toLocaleString("en-GB")}. Please send a shorter version (nothing was stored).`,
  // Not "I stopped" (core's work runs on) nor "I'll reply when it's done" (its late result is dropped, and the
  // Lambda may be frozen once the HTTP answer is sent): the person gets no answer to this message, and the claim
  // is released, so sending it again is answered afresh (tests/teams/bot.int.test.ts).
  slow: "That is taking longer than Teams lets me wait, so I can't answer this one. Please send it again in a moment.",
  // Not "nothing was saved": when storage dies mid-write the bot cannot know (tests/teams/fault-run.ts).
  failed: "Sorry, something went wrong on my side and I couldn't finish that. Please try again in a moment.",
  privateSent: "I've replied in your personal chat with Pathfinder.",
  privateFailed:
    "I couldn't reply to you privately. Open a chat with Pathfinder (Apps > Pathfinder) and try there.",
  unreachable: (count: number) =>
    `I couldn't reach ${count === 1 ? "one person" : `${count} people`} on Teams (they may not have Pathfinder installed yet). The ambassador coordinator can put you in touch.`,
  unknownButton: "That button has expired or isn't one I know. Type *help* to see what I can do.",
  alreadyDone: "Already done.",
  fileTooBig:
    "Your export is too big to send as a file in Teams; the summary lists everything. The pathfinder CLI's export --json gives the full file.",
  done: "Done.",
} as const;

/** A public one-paragraph reply (Teams' own sentences, TEAMS_MESSAGES). */
export function textReply(text: string): Reply {
  return {
    text: text.replace(/\*([^*\n]+)\*/g, "$1"),
    blocks: [{ type: "text", text }],
    visibility: "public",
  };
}
