/** `pathfinder export --user ID`: everything Pathfinder holds about a person, as JSON. */
import { writeFileSync } from "node:fs";
import { type CliCommand, println } from "../command.ts";
import { cliUser, parseCommandArgs, printJson, withPeerContext } from "../peer-context.ts";

const usage = `Usage: pathfinder export --user ID [--platform cli|slack|teams|web] [--out FILE] [--json]

Prints (or writes to FILE) everything Pathfinder holds about the person as JSON: obstacle reports,
introductions, feedback, ambassador profiles and subscriptions they made. Without --user: your OS user.`;

const options = {
  user: { type: "string" },
  platform: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
} as const;

export const command: CliCommand = {
  name: "export",
  summary: "Export everything Pathfinder holds about a person (JSON)",
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, options);
    const user = cliUser(values);
    return await withPeerContext(io.env, async ({ services }) => {
      const data = await services.privacy.export(user);
      if (values.out) {
        writeFileSync(values.out, `${JSON.stringify(data, null, 2)}\n`);
        println(io.stderr, `Wrote ${user.platform}:${user.userId}'s data to ${values.out}.`);
      } else printJson(io.stdout, data);
      return 0;
    });
  },
};
