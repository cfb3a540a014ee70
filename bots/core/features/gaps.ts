/** `gaps` (editors): open and recently answered questions by topic, most asked first, with how long they waited. */
import { NotAllowedError } from "../../../peer/errors.ts";
import type { GapTopic } from "../../../peer/network-ports.ts";
import { categoryLabel } from "../../../peer/taxonomy.ts";
import { type CommandHandler, type FeatureContext, result } from "../feature.ts";
import { blocksReply, textReply } from "../replies.ts";
import type { Reply } from "../reply.ts";

const days = (n: number) => `${n} day${n === 1 ? "" : "s"}`;

/** One topic as a list item. */
function gapItem(row: GapTopic): { title: string; detail: string } {
  const label = row.topic ? categoryLabel(row.topic) : "No clear topic";
  const lines = row.questions
    .slice(0, 5)
    .map((q) =>
      q.status === "open"
        ? `open, waiting ${days(q.waitingDays)}: ${q.text}`
        : `answered after ${days(q.waitingDays)}: ${q.text}`,
    );
  if (row.questions.length > 5) lines.push(`and ${row.questions.length - 5} more`);
  return { title: `${label}: ${row.open} open, ${row.answered} answered`, detail: lines.join("\n") };
}

/** The gaps as a reply (App Home and the playground render the same). */
export async function gapsReply(ctx: FeatureContext): Promise<Reply> {
  const rows = await ctx.peer.network.gaps();
  if (rows.length === 0) return textReply("No open or recently answered questions: no gaps to show.");
  return blocksReply(
    [
      { type: "heading", text: "Gaps: questions Pathfinder couldn't answer" },
      { type: "items", items: rows.map(gapItem) },
      {
        type: "context",
        text: "Open questions, and those answered in the last 30 days, by topic; most asked first.",
      },
    ],
    "private",
    "Gaps: questions Pathfinder couldn't answer",
  );
}

export const gapsCommand: CommandHandler = {
  helpLine: (p) => `*${p}gaps*: (editors) questions Pathfinder couldn't answer, by topic`,
  bare: true,
  async run(ctx, req) {
    if (!ctx.roles.isCoordinator(req.actor)) {
      throw new NotAllowedError(
        "Only editors (the coordinators set in Pathfinder's configuration) can see the gaps.",
      );
    }
    return result(await gapsReply(ctx));
  },
};
