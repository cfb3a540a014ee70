/** `pathfinder erase --user ID`: delete everything personal Pathfinder holds about a person. */
import { type CliCommand, println } from "../command.ts";
import { cliUser, parseCommandArgs, printJson, withPeerContext } from "../peer-context.ts";

const usage = `Usage: pathfinder erase --user ID [--platform cli|slack|teams|web] [--json]

Deletes the person's obstacle reports (text, quotes, peer opt-ins, resolution notes), introductions,
feedback, ambassador profile and Teams conversation reference, and removes their name from digest
subscriptions they made. Anonymous weekly counts stay. Safe to run twice. Without --user: your OS user.`;

const options = {
  user: { type: "string" },
  platform: { type: "string" },
  json: { type: "boolean" },
} as const;

export const command: CliCommand = {
  name: "erase",
  summary: "Erase everything personal Pathfinder holds about a person",
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, options);
    const user = cliUser(values);
    return await withPeerContext(io.env, async ({ services }) => {
      const { deleted } = await services.privacy.erase(user);
      if (values.json) printJson(io.stdout, { user, deleted });
      else
        println(
          io.stdout,
          `Erased ${deleted} record${deleted === 1 ? "" : "s"} about ${user.platform}:${user.userId}.`,
        );
      return 0;
    });
  },
};
