/** `pathfinder erase --user ID`: delete everything personal Pathfinder holds about a person, once confirmed. */
import { createInterface } from "node:readline";
import type { Readable, Writable } from "node:stream";
import { countOf, isEmptyExport } from "../../peer/privacy.ts";
import { type CliCommand, println } from "../command.ts";
import { parseCommandArgs, printJson, withPeerContext } from "../peer-context.ts";
import { nothingFoundHint, personFrom } from "../person.ts";

const usage = `Usage: pathfinder erase --user ID [--platform cli|slack|teams|web] [--yes] [--json]

Deletes the person's obstacle reports (text, quotes, peer opt-ins, resolution notes), introductions,
feedback, ambassador profile and Teams conversation reference, and removes their name from digest
subscriptions they made. Anonymous weekly counts stay. Safe to run twice. Without --user: your OS user.
Asks for confirmation (type "yes") unless --yes is given. People are kept per platform: a Slack user is
erased with --platform slack.`;

const options = {
  user: { type: "string" },
  platform: { type: "string" },
  yes: { type: "boolean" },
  json: { type: "boolean" },
} as const;

/** Asks on stderr and reads one line from stdin; no line (stdin closed) is "no". */
async function confirm(stdin: Readable, stderr: Writable, question: string): Promise<boolean> {
  stderr.write(question);
  const lines = createInterface({ input: stdin, crlfDelay: Number.POSITIVE_INFINITY });
  try {
    for await (const line of lines) return /^\s*y(es)?\s*$/i.test(line);
    return false;
  } finally {
    lines.close();
  }
}

export const command: CliCommand = {
  name: "erase",
  summary: "Erase everything personal Pathfinder holds about a person",
  usage,
  async run(args, io) {
    const { values } = parseCommandArgs(args, options);
    const user = personFrom(values);
    return await withPeerContext(io.env, async ({ services }) => {
      const held = await services.privacy.export(user);
      if (isEmptyExport(held)) {
        // Issue 17 item 10: say which platform was searched rather than "erased 0 records".
        println(io.stderr, nothingFoundHint(user));
        if (values.json) printJson(io.stdout, { user, deleted: 0 });
        return 0;
      }
      if (!values.yes) {
        const sure = await confirm(
          io.stdin,
          io.stderr,
          `Erase everything Pathfinder holds about ${user.platform}:${user.userId} ` +
            `(${countOf(held.reports.length, "blocker report")}, ${countOf(held.introductions.length, "introduction")}, ` +
            `${countOf(held.feedback.length, "feedback rating")})? This cannot be undone. Type "yes" to erase: `,
        );
        if (!sure) {
          println(io.stderr, "Nothing erased.");
          return 1;
        }
      }
      const { deleted } = await services.privacy.erase(user);
      if (values.json) printJson(io.stdout, { user, deleted });
      else println(io.stdout, `Erased ${countOf(deleted, "record")} about ${user.platform}:${user.userId}.`);
      return 0;
    });
  },
};
