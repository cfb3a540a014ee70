/** `pathfinder ambassadors`: manage the ambassador directory (import/export files, list, add, update, snooze, remove). */
import { readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline/promises";
import type { Readable, Writable } from "node:stream";
import { detectFormat, formatAmbassadorFile, parseAmbassadorRows } from "../../peer/ambassador-file.ts";
import {
  applyImport,
  describeImport,
  planImportInto,
  summariseImport,
} from "../../peer/ambassador-import.ts";
import type { AmbassadorDraft } from "../../peer/ambassador-validation.ts";
import { validateAmbassador } from "../../peer/ambassador-validation.ts";
import { makeVolunteering } from "../../peer/ambassador-volunteer.ts";
import { ambassadorLabel, availabilityOf } from "../../peer/availability.ts";
import { AmbassadorValidationError, NotFoundError } from "../../peer/errors.ts";
import type { Ambassador } from "../../peer/ports.ts";
import { type CliCommand, CliUsageError, println } from "../command.ts";
import { parseCommandArgs, printJson, withPeerContext } from "../peer-context.ts";

const usage = `Usage:
  pathfinder ambassadors list
  pathfinder ambassadors import FILE.json|FILE.csv [--format json|csv] [--dry-run] [--prune [--yes]]
  pathfinder ambassadors export [--format json|csv] [--out FILE]
  pathfinder ambassadors add --name NAME --categories ID,ID [--service-areas "A;B"] [--region REGION]
                             [--capacity N] [--email ADDRESS] [--slack U0123ABCD] [--teams 29:...] [--bio TEXT] [--id ID]
  pathfinder ambassadors update ID [any add option; an empty value clears it]
  pathfinder ambassadors snooze ID --until YYYY-MM-DD | --off
  pathfinder ambassadors remove ID
  pathfinder ambassadors confirm ID   (a volunteer waiting for a coordinator; chat's Confirm button does the same)
  (all accept --json)

Import is all or nothing: every bad row is listed with its line number and nothing is saved. It can be
re-run: a row updates the ambassador with the same id, else e-mail, else Slack or Teams user id, so the same
file twice says "0 added, 0 updated, N unchanged". --dry-run prints what would change; --prune also removes
ambassadors missing from the file (after asking; --yes does not ask).
CSV columns: id, displayName, email, slackUserId, teamsUserId, categories, serviceAreas, region, monthlyCapacity,
snoozedUntil, bio, sample (lists separated by ";"). JSON: an array of objects with the same fields.`;

const options = {
  json: { type: "boolean" },
  format: { type: "string" },
  out: { type: "string" },
  name: { type: "string" },
  categories: { type: "string" },
  "service-areas": { type: "string" },
  region: { type: "string" },
  capacity: { type: "string" },
  email: { type: "string" },
  slack: { type: "string" },
  teams: { type: "string" },
  bio: { type: "string" },
  id: { type: "string" },
  until: { type: "string" },
  off: { type: "boolean" },
  "dry-run": { type: "boolean" },
  prune: { type: "boolean" },
  yes: { type: "boolean" },
} as const;

type Values = ReturnType<typeof parseCommandArgs<typeof options>>["values"];

function formatOption(values: Values): "json" | "csv" | undefined {
  if (values.format === undefined) return undefined;
  if (values.format !== "json" && values.format !== "csv")
    throw new CliUsageError("--format must be json or csv");
  return values.format;
}

/** Only the flags given: an update leaves the rest as they were. */
function draftFromFlags(values: Values): AmbassadorDraft {
  const draft: AmbassadorDraft = {};
  if (values.id !== undefined) draft.id = values.id;
  if (values.name !== undefined) draft.displayName = values.name;
  if (values.categories !== undefined) draft.categories = values.categories;
  if (values["service-areas"] !== undefined) draft.serviceAreas = values["service-areas"];
  if (values.region !== undefined) draft.region = values.region;
  if (values.capacity !== undefined) draft.monthlyCapacity = values.capacity;
  if (values.email !== undefined) draft.email = values.email;
  if (values.slack !== undefined) draft.slackUserId = values.slack;
  if (values.teams !== undefined) draft.teamsUserId = values.teams;
  if (values.bio !== undefined) draft.bio = values.bio;
  return draft;
}

function validOrThrow(draft: AmbassadorDraft): Ambassador {
  const result = validateAmbassador(draft);
  if (!result.ambassador) throw new AmbassadorValidationError(result.issues);
  return result.ambassador;
}

function printAmbassador(out: Writable, a: Ambassador, now: Date): void {
  println(out, `${a.id}  ${ambassadorLabel(a)}  ${availabilityOf(a, now).label}`);
  println(out, `    topics: ${a.categories.join(", ")}`);
  const where = [a.serviceAreas.join("; "), a.region].filter(Boolean).join(" | ");
  if (where) println(out, `    ${where}`);
  const ids = [
    a.email,
    a.slackUserId && `slack ${a.slackUserId}`,
    a.teamsUserId && `teams ${a.teamsUserId}`,
  ].filter(Boolean);
  if (ids.length) println(out, `    ${ids.join(", ")}`);
}

/** Asks a yes/no question on the terminal; anything but "y"/"yes" (or no answer at all) is no. */
async function confirm(stdin: Readable, stdout: Writable, question: string): Promise<boolean> {
  const rl = createInterface({ input: stdin, output: stdout, terminal: false });
  try {
    stdout.write(`${question} [y/N] `);
    const answer = await new Promise<string>((resolveAnswer) => {
      rl.once("line", resolveAnswer);
      rl.once("close", () => resolveAnswer(""));
    });
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}

/** The plan as data for --json: ids per outcome. */
function planJson(plan: Awaited<ReturnType<typeof planImportInto>>) {
  const ids = (changes: { ambassador: Ambassador }[]) => changes.map((c) => c.ambassador.id);
  return {
    added: ids(plan.added),
    updated: ids(plan.updated),
    unchanged: ids(plan.unchanged),
    removed: plan.removed.map((a) => a.id),
  };
}

export const command: CliCommand = {
  name: "ambassadors",
  summary: "Manage the ambassador directory (import, export, list, add, update, snooze, remove)",
  usage,
  async run(args, io) {
    const { values, positionals } = parseCommandArgs(args, options);
    const [sub, ...rest] = positionals;
    const json = Boolean(values.json);
    switch (sub) {
      case "list":
        return await withPeerContext(io.env, async ({ services, now }) => {
          const list = (await services.ambassadors.list()).sort((a, b) =>
            a.displayName.localeCompare(b.displayName),
          );
          if (json) printJson(io.stdout, list);
          else if (list.length === 0)
            println(io.stdout, "No ambassadors yet. Add one with `pathfinder ambassadors add`.");
          else for (const a of list) printAmbassador(io.stdout, a, now());
          return 0;
        });
      case "import": {
        const [file] = rest;
        if (!file) throw new CliUsageError("Give the file to import.");
        let content: string;
        try {
          content = readFileSync(file === "-" ? 0 : file, "utf8");
        } catch (error) {
          throw new CliUsageError(`Cannot read ${file}: ${(error as Error).message}`);
        }
        // Parse and validate everything before opening storage: a bad file writes nothing.
        const rows = parseAmbassadorRows(content, formatOption(values) ?? detectFormat(file, content));
        const prune = Boolean(values.prune);
        return await withPeerContext(io.env, async ({ services }) => {
          const plan = await planImportInto(services.ambassadors, rows, { prune });
          const summary = summariseImport(plan, { prune });
          const changes = describeImport(plan);
          if (values["dry-run"]) {
            if (json) printJson(io.stdout, { dryRun: true, ...planJson(plan) });
            else {
              for (const line of changes) println(io.stdout, line);
              println(io.stdout, `Dry run, nothing saved: ${summary}.`);
            }
            return 0;
          }
          if (plan.removed.length > 0 && !values.yes) {
            const names = plan.removed.map((a) => a.displayName).join(", ");
            const n = plan.removed.length;
            const ok = await confirm(
              io.stdin,
              io.stderr,
              `Remove ${n} ambassador${n === 1 ? "" : "s"} not in the file (${names})?`,
            );
            if (!ok) {
              println(io.stderr, "Nothing saved (run with --yes to remove without asking).");
              return 1;
            }
          }
          await applyImport(services.ambassadors, plan);
          if (json) printJson(io.stdout, planJson(plan));
          else println(io.stdout, `Imported: ${summary}.`);
          return 0;
        });
      }
      case "export": {
        const format = formatOption(values) ?? (values.out ? detectFormat(values.out, "") : "json");
        return await withPeerContext(io.env, async ({ services }) => {
          const list = (await services.ambassadors.list()).sort((a, b) => a.id.localeCompare(b.id));
          const text = formatAmbassadorFile(list, format);
          if (values.out) {
            writeFileSync(values.out, text);
            println(json ? io.stderr : io.stdout, `Exported ${list.length} ambassadors to ${values.out}.`);
          } else io.stdout.write(text);
          return 0;
        });
      }
      case "add": {
        const ambassador = validOrThrow(draftFromFlags(values));
        return await withPeerContext(io.env, async ({ services }) => {
          if (await services.ambassadors.get(ambassador.id)) {
            throw new CliUsageError(
              `An ambassador "${ambassador.id}" exists already; use \`ambassadors update\`.`,
            );
          }
          const saved = await services.ambassadors.put(ambassador);
          if (json) printJson(io.stdout, saved);
          else println(io.stdout, `Added ambassador ${saved.id} (${saved.displayName}).`);
          return 0;
        });
      }
      case "update": {
        const [id] = rest;
        if (!id) throw new CliUsageError("Give the id of the ambassador to update.");
        return await withPeerContext(io.env, async ({ services }) => {
          const existing = await services.ambassadors.get(id);
          if (!existing) throw new NotFoundError(`No ambassador "${id}".`);
          const merged = validOrThrow({ ...existing, ...draftFromFlags(values), id });
          const saved = await services.ambassadors.put({
            ...merged,
            ...(existing.sample ? { sample: true } : {}),
          });
          if (json) printJson(io.stdout, saved);
          else println(io.stdout, `Updated ambassador ${saved.id}.`);
          return 0;
        });
      }
      case "snooze": {
        const [id] = rest;
        if (!id || (values.until === undefined) === !values.off) {
          throw new CliUsageError("Give the ambassador id and either --until YYYY-MM-DD or --off.");
        }
        return await withPeerContext(io.env, async ({ services }) => {
          const saved = await services.ambassadors.snooze(id, values.off ? undefined : values.until);
          if (json) printJson(io.stdout, saved);
          else
            println(
              io.stdout,
              saved.snoozedUntil ? `Snoozed ${id} until ${saved.snoozedUntil}.` : `${id} is available again.`,
            );
          return 0;
        });
      }
      case "confirm": {
        const [id] = rest;
        if (!id)
          throw new CliUsageError(
            "Give the id of the volunteer to confirm (ambassadors list shows who waits).",
          );
        return await withPeerContext(io.env, async ({ services }) => {
          const saved = await makeVolunteering({
            ambassadors: services.ambassadors,
            now: () => new Date(),
          }).confirm(id);
          if (json) printJson(io.stdout, saved);
          else
            println(
              io.stdout,
              `Confirmed ${saved.displayName}: offered for introductions from now on. The CLI does not message them; confirming in chat does.`,
            );
          return 0;
        });
      }
      case "remove": {
        const [id] = rest;
        if (!id) throw new CliUsageError("Give the id of the ambassador to remove.");
        return await withPeerContext(io.env, async ({ services }) => {
          const removed = await services.ambassadors.remove(id);
          if (json) printJson(io.stdout, { removed });
          else println(io.stdout, removed ? `Removed ${id}.` : `No ambassador "${id}"; nothing removed.`);
          return removed ? 0 : 1;
        });
      }
      default:
        throw new CliUsageError(sub ? `Unknown subcommand "${sub}".` : "Which subcommand?");
    }
  },
};
