/** `pathfinder export --user ID`: everything Pathfinder holds about a person, as a readable summary or JSON. */
import { writeFileSync } from "node:fs";
import { isEmptyExport, personalDataJson, personalDataSummary } from "../../peer/privacy.ts";
import { type CliCommand, println } from "../command.ts";
import { parseCommandArgs, withPeerContext } from "../peer-context.ts";
import { nothingFoundHint, personFrom } from "../person.ts";

const usage = `Usage: pathfinder export --user ID [--platform cli|slack|teams|web] [--out FILE] [--json]

Prints a readable summary of everything Pathfinder holds about the person: obstacle reports, introductions,
feedback, ambassador profiles and subscriptions they made. --json prints the full records as JSON instead
(dates as ISO 8601); --out FILE writes that JSON to FILE. Without --user: your OS user. People are kept
per platform: a Slack user is found with --platform slack.`;

const options = {
  user: { type: "string" },
  platform: { type: "string" },
  out: { type: "string" },
  json: { type: "boolean" },
} as const;

export const command: CliCommand = {
  name: "export",
  summary: "Export everything Pathfinder holds about a person (summary or JSON)",
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, options);
    const user = personFrom(values);
    return await withPeerContext(io.env, async ({ services }) => {
      const data = await services.privacy.export(user);
      // Issue 17 item 10: an empty result names the platform searched, on stderr so --json output stays JSON.
      if (isEmptyExport(data)) println(io.stderr, nothingFoundHint(user));
      if (values.out) {
        writeFileSync(values.out, personalDataJson(data));
        println(io.stderr, `Wrote ${user.platform}:${user.userId}'s data to ${values.out}.`);
      } else if (values.json) io.stdout.write(personalDataJson(data));
      else println(io.stdout, personalDataSummary(data, { maxPerSection: Number.POSITIVE_INFINITY }));
      return 0;
    });
  },
};
