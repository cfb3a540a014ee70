/** `pathfinder gaps`: open and recently answered questions by topic, most asked first, with how long they waited. */
import { categoryLabel } from "../../peer/taxonomy.ts";
import type { CliCommand } from "../command.ts";
import { CliUsageError, println } from "../command.ts";
import { parseCommandArgs, printJson, withPeerContext } from "../peer-context.ts";

const usage = `Usage: pathfinder gaps [--days N] [--json]

Questions Pathfinder couldn't answer that were sent to the ambassadors: the open ones and those answered in
the last N days (default 30), grouped by topic, most asked first, each with how many days it waited.
--json prints an array of {topic, open, answered, questions: [{id, text, status, askedAt, waitingDays}]}.`;

const options = { json: { type: "boolean" }, days: { type: "string" } } as const;

export const command: CliCommand = {
  name: "gaps",
  summary: "Questions the ambassadors were asked, by topic: what is still open, how long it waited",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    if (positionals.length > 0) throw new CliUsageError(`Unexpected arguments: ${positionals.join(" ")}`);
    const days = values.days === undefined ? 30 : Number(values.days);
    if (!Number.isInteger(days) || days < 1 || days > 400)
      throw new CliUsageError("--days must be a whole number from 1 to 400.");
    return await withPeerContext(io.env, async ({ services }) => {
      const gaps = await services.network.gaps({ days });
      if (values.json) {
        printJson(io.stdout, gaps);
        return 0;
      }
      if (gaps.length === 0) println(io.stdout, "No open or recently answered questions.");
      for (const row of gaps) {
        println(
          io.stdout,
          `${row.topic ? categoryLabel(row.topic) : "No clear topic"}: ${row.open} open, ${row.answered} answered`,
        );
        for (const q of row.questions) {
          const waited = `${q.waitingDays} day${q.waitingDays === 1 ? "" : "s"}`;
          println(
            io.stdout,
            `  ${q.status === "open" ? `open, waiting ${waited}` : `answered after ${waited}`}: ${q.text}`,
          );
        }
      }
      return 0;
    });
  },
};
