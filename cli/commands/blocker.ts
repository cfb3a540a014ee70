/** `pathfinder blocker`: log, list, correct and resolve obstacles from the terminal. */
import { randomUUID } from "node:crypto";
import type { Writable } from "node:stream";
import type { ObstacleReport } from "../../peer/ports.ts";
import { CATEGORIES, categoryLabel } from "../../peer/taxonomy.ts";
import { type CliCommand, CliUsageError, println } from "../command.ts";
import { cliUser, parseCommandArgs, printJson, withPeerContext } from "../peer-context.ts";

const usage = `Usage:
  pathfinder blocker log "WHAT IS IN THE WAY" [--category ID]... [--org NAME] [--service-area AREA]
                         [--region REGION] [--quote] [--contactable]
  pathfinder blocker list [--limit N]
  pathfinder blocker correct REPORT_ID CATEGORY [CATEGORY...]
  pathfinder blocker resolve REPORT_ID "WHAT HELPED"
  pathfinder blocker categories

Options (all subcommands):
  --user ID        who you are (default: your OS user name)
  --platform P     cli (default), slack, teams or web
  --json           machine-readable output

  --quote          allow an anonymised quote of your words in the weekly digest
  --contactable    agree to be offered as a peer to others with the same obstacle

Text is scrubbed of emails, phone numbers, NI numbers, postcodes and secret links before it is stored.`;

const options = {
  user: { type: "string" },
  platform: { type: "string" },
  json: { type: "boolean" },
  category: { type: "string", multiple: true },
  org: { type: "string" },
  "service-area": { type: "string" },
  region: { type: "string" },
  quote: { type: "boolean" },
  contactable: { type: "boolean" },
  limit: { type: "string" },
} as const;

function describeCategories(report: ObstacleReport): string {
  if (report.categories.length === 0) return "unclassified";
  return report.categories
    .map(
      (c) =>
        `${categoryLabel(c.id)} [${c.id}]${report.corrected ? "" : ` ${Math.round(c.confidence * 100)}%`}`,
    )
    .join(", ");
}

function printReport(out: Writable, report: ObstacleReport): void {
  println(
    out,
    `${report.id}  ${report.createdAt.slice(0, 10)}  ${report.status}  ${describeCategories(report)}`,
  );
  println(out, `    ${report.text}`);
  if (report.resolutionNote) println(out, `    what helped: ${report.resolutionNote}`);
}

export const command: CliCommand = {
  name: "blocker",
  summary: "Log, list, correct and resolve obstacles you meet",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    const [sub, ...rest] = positionals;
    const json = Boolean(values.json);
    if (sub === "categories") {
      if (json)
        printJson(
          io.stdout,
          CATEGORIES.map(({ id, label, description }) => ({ id, label, description })),
        );
      else for (const c of CATEGORIES) println(io.stdout, `${c.id.padEnd(20)} ${c.label}`);
      return 0;
    }
    const user = cliUser(values);
    switch (sub) {
      case "log": {
        const text = rest.join(" ");
        if (!text.trim()) throw new CliUsageError('Say what is in the way: pathfinder blocker log "..."');
        return await withPeerContext(io.env, async ({ services }) => {
          const { report, created } = await services.obstacles.log({
            user,
            text,
            categories: values.category,
            organisation: values.org,
            serviceArea: values["service-area"],
            region: values.region,
            allowQuote: Boolean(values.quote),
            contactable: Boolean(values.contactable),
            idempotencyKey: `cli:${randomUUID()}`,
          });
          if (json) printJson(io.stdout, { created, report });
          else {
            println(io.stdout, `Logged obstacle ${report.id} as ${describeCategories(report)}.`);
            println(io.stdout, `Stored text: ${report.text}`);
            println(
              io.stdout,
              `Not right? pathfinder blocker correct ${report.id} CATEGORY   (see: pathfinder blocker categories)`,
            );
          }
          return 0;
        });
      }
      case "list": {
        const limit = values.limit === undefined ? 20 : Number(values.limit);
        if (!Number.isInteger(limit) || limit < 1)
          throw new CliUsageError("--limit must be a whole number >= 1");
        return await withPeerContext(io.env, async ({ services }) => {
          const reports = await services.obstacles.listForUser(user, { limit });
          if (json) printJson(io.stdout, reports);
          else if (reports.length === 0) println(io.stdout, "You have not logged any obstacles yet.");
          else for (const report of reports) printReport(io.stdout, report);
          return 0;
        });
      }
      case "correct": {
        const [id, ...categories] = rest;
        if (!id || categories.length === 0)
          throw new CliUsageError("Give the report id and at least one category.");
        return await withPeerContext(io.env, async ({ services }) => {
          const report = await services.obstacles.correct(
            user,
            id,
            categories.flatMap((c) => c.split(",")),
          );
          if (json) printJson(io.stdout, report);
          else println(io.stdout, `Corrected ${report.id}: now ${describeCategories(report)}.`);
          return 0;
        });
      }
      case "resolve": {
        const [id, ...note] = rest;
        if (!id) throw new CliUsageError("Give the report id (and what helped).");
        return await withPeerContext(io.env, async ({ services }) => {
          const report = await services.obstacles.resolve(user, id, note.join(" "));
          if (json) printJson(io.stdout, report);
          else
            println(
              io.stdout,
              `Marked ${report.id} resolved. Thank you: what helped goes into the weekly digest.`,
            );
          return 0;
        });
      }
      default:
        throw new CliUsageError(sub ? `Unknown subcommand "${sub}".` : "Which subcommand?");
    }
  },
};
