/**
 * `pathfinder network remind`: the open questions nobody answered in 3 working days, which are raised once more
 * in the ambassadors' place. The bot functions post the reminders (bots/core/features/network.ts
 * remindOpenQuestions); this command shows what is due, and with --mark records them as reminded.
 */
import type { CliCommand } from "../command.ts";
import { CliUsageError, println } from "../command.ts";
import { parseCommandArgs, printJson, withPeerContext } from "../peer-context.ts";

const usage = `Usage: pathfinder network remind [--mark] [--json]

Lists open questions unanswered for 3 working days (Monday to Friday) that have not been raised again yet.
With --mark they are recorded as reminded (each only ever once), for when you raise them yourself; after that
they wait in the weekly digest's "Answered by the network" section until someone answers.`;

const options = { json: { type: "boolean" }, mark: { type: "boolean" } } as const;

export const command: CliCommand = {
  name: "network",
  summary: "Open questions for the ambassadors: which are due a reminder",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    const [verb, ...extra] = positionals;
    if (verb !== "remind" || extra.length > 0)
      throw new CliUsageError("Try: pathfinder network remind [--mark] [--json]");
    return await withPeerContext(io.env, async ({ services }) => {
      const due = values.mark
        ? await services.network.claimReminders()
        : await services.network.dueReminders();
      if (values.json) {
        printJson(io.stdout, { marked: values.mark === true, questions: due });
        return 0;
      }
      if (due.length === 0) println(io.stdout, "No open question is due a reminder.");
      for (const q of due) println(io.stdout, `${q.id}  asked ${q.askedAt.slice(0, 10)}  ${q.text}`);
      if (due.length > 0 && values.mark) println(io.stdout, `Marked ${due.length} as reminded.`);
      return 0;
    });
  },
};
