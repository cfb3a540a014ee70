/** Help: `help` (and an unknown `/pathfinder` subcommand) lists what Pathfinder can do, from the registry. */
import type { CommandHandler } from "../feature.ts";
import { result } from "../feature.ts";
import { blocksReply } from "../replies.ts";

export const helpCommand: CommandHandler = {
  helpLine: (p) => `*${p}help*: this list`,
  menu: "What Pathfinder can do",
  aliases: ["?"],
  bare: true,
  async run(ctx, req, { unknown }) {
    const intro = unknown
      ? `I don't know the command "${unknown}". Here is what I can do:`
      : "Pathfinder helps people spinning out public services as mutuals: answers with sources, ambassadors and peers who have faced the same obstacle, and a weekly digest of common blockers. You can:";
    return result(
      blocksReply(
        [
          { type: "text", text: intro },
          { type: "text", text: ctx.helpLines(req.actor.platform).join("\n") },
        ],
        "private",
        "Pathfinder help",
      ),
    );
  },
};
