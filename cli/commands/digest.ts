/** `pathfinder digest`: the weekly digest on demand, as text or as the Digest object (--json). */
import { assertDigestWeek, buildDigest, DigestWeekError } from "../../digest/build.ts";
import { renderDigest } from "../../digest/render.ts";
import { formatReplyText } from "../../digest/text.ts";
import { isoWeek } from "../../peer/week.ts";
import { type CliCommand, CliUsageError, println } from "../command.ts";
import { parseCommandArgs, printJson, withPeerContext } from "../peer-context.ts";

const usage = `Usage:
  pathfinder digest [--week 2026-W47] [--json]

Shows the weekly digest of common blockers for an ISO week (Monday to Sunday, UK time), across the whole
network: early warnings, the most common blockers with changes against last week and the four-week usual,
anonymised examples (only where the reporter allowed quoting), what helped, unanswered question themes and
introductions. Nothing is posted anywhere.

Without --week it shows the current week so far (marked partial, "so far"), so a blocker logged a moment
ago is counted. Monday's post reports on last week; pass that week to --week to see it.

Options:
  --week W   the ISO week to show (default: the current week so far)
  --json     print the digest data instead of text

Storage: DYNAMODB_ENDPOINT and PATHFINDER_TABLE, else a local DynamoDB whose data lives in .data/dynamodb.`;

const options = {
  week: { type: "string" },
  json: { type: "boolean" },
} as const;

export const command: CliCommand = {
  name: "digest",
  summary: "Show the weekly digest of common blockers (nothing is posted)",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    if (positionals.length > 0) throw new CliUsageError(`Unexpected argument "${positionals[0]}"`);
    const now = new Date();
    const week = values.week?.trim() || isoWeek(now);
    try {
      assertDigestWeek(week, now); // before opening storage: a typo should not start a database
    } catch (error) {
      if (error instanceof DigestWeekError) throw new CliUsageError(error.message);
      throw error;
    }
    return await withPeerContext(io.env, async ({ services }) => {
      const digest = await buildDigest(services.stats, week, { now });
      if (values.json) printJson(io.stdout, digest);
      else println(io.stdout, formatReplyText(renderDigest(digest, "private")));
      return 0;
    });
  },
};
