/**
 * Validation of ambassador profiles (from the CLI, an import file, the playground or the bots) with one zod
 * schema: every problem is collected with the field it concerns, so a person fixes a file in one pass, and
 * a value of the wrong type (an object where a name belongs) is refused rather than turned into text.
 */
import { randomUUID } from "node:crypto";
import * as z from "zod";
import type { Ambassador } from "./ports.ts";
import { canonicalRegion, REGIONS } from "./regions.ts";
import { plainText } from "./scrub.ts";
import { CATEGORIES, isCategoryId } from "./taxonomy.ts";

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SLACK_USER_PATTERN = /^[UW][A-Z0-9]{2,20}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MAX_CAPACITY = 100;
const DEFAULT_CAPACITY = 2;

/** An ambassador profile before validation: what a file row or a CLI flag set provides. */
export type AmbassadorDraft = Partial<Record<keyof Ambassador, unknown>>;

/** A kebab-case id from a display name, with a short random suffix so two "Sam Patel"s do not collide. */
export function ambassadorIdFor(displayName: string): string {
  const base = displayName
    .toLowerCase()
    .normalize("NFKD")
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 40);
  return `${base || "ambassador"}-${randomUUID().slice(0, 4)}`;
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isValidDate(value: string): boolean {
  if (!DATE_PATTERN.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}

/** A person-readable issue (it names its field), added from inside a schema. */
type Issues = { addIssue(issue: { code: "custom"; message: string }): void };
const issue = (ctx: Issues, message: string) => ctx.addIssue({ code: "custom", message });

/** Optional text: a string, or absent/null/blank (undefined). Any other type is refused by name. */
function text(field: string) {
  return (
    z
      .string({ error: `${field} must be text` })
      .nullish()
      // Names and bios are shown in chat and terminals: no control or bidi characters (issue 13 item 7).
      .transform((value) => (value ? plainText(value).trim() : undefined) || undefined)
  );
}

/** A list: an array of strings, or one string separated by ";", "|" or ",". */
function list(field: string) {
  return z
    .union([z.array(z.string()), z.string()], { error: `${field} must be text or a list of text` })
    .nullish()
    .transform((value) =>
      (typeof value === "string" ? value.split(/[;|,]/) : (value ?? [])).map((v) => v.trim()).filter(Boolean),
    );
}

const categoryIds = () => CATEGORIES.map((c) => c.id).join(", ");

/**
 * One ambassador row (a CSV row, a JSON entry, CLI flags, a playground form) as zod parses it. Keys are in
 * the order problems are reported; every field reports its own, so one pass names every problem.
 */
export const ambassadorRowSchema = z.object({
  displayName: text("displayName").superRefine((name, ctx) => {
    if (!name) issue(ctx, "displayName is required");
    else if (name.length > 80) issue(ctx, `displayName is ${name.length} characters (max 80)`);
  }),
  id: text("id")
    .transform((id) => id?.toLowerCase())
    .superRefine((id, ctx) => {
      if (id && !ID_PATTERN.test(id))
        issue(ctx, `id "${id}" must be lower-case letters, digits and hyphens (max 64)`);
    }),
  email: text("email")
    .transform((email) => email?.toLowerCase())
    .superRefine((email, ctx) => {
      // zod's own e-mail check, so "tom@" or "tom price" is named rather than stored as an identity.
      if (email && !z.email().safeParse(email).success)
        issue(ctx, `email "${email}" is not an e-mail address`);
    }),
  slackUserId: text("slackUserId").superRefine((id, ctx) => {
    if (id && !SLACK_USER_PATTERN.test(id)) {
      issue(ctx, `slackUserId "${id}" does not look like a Slack user id (e.g. U0123ABCD)`);
    }
  }),
  teamsUserId: text("teamsUserId").superRefine((id, ctx) => {
    if (id && id.length > 200) issue(ctx, "teamsUserId is too long (max 200)");
  }),
  categories: list("categories").superRefine((categories, ctx) => {
    if (categories.length === 0) issue(ctx, `categories: give at least one of ${categoryIds()}`);
    const unknown = categories.filter((c) => !isCategoryId(c));
    if (unknown.length > 0) {
      issue(ctx, `categories: unknown ${unknown.map((u) => `"${u}"`).join(", ")}; valid: ${categoryIds()}`);
    }
  }),
  serviceAreas: list("serviceAreas")
    .transform((areas) => areas.map((s) => s.toLowerCase().replace(/\s+/g, " ")))
    .superRefine((areas, ctx) => {
      if (areas.some((s) => s.length > 80)) issue(ctx, "serviceAreas: each must be at most 80 characters");
      if (areas.length > 20) issue(ctx, "serviceAreas: at most 20");
    }),
  region: text("region").transform((raw, ctx) => {
    if (!raw) return undefined;
    const region = canonicalRegion(raw);
    if (!region) issue(ctx, `region "${raw}" is not one of: ${REGIONS.join(", ")}`);
    return region;
  }),
  monthlyCapacity: z
    .union([z.number(), z.string()], { error: "monthlyCapacity must be a whole number" })
    .nullish()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === null || raw === "") return DEFAULT_CAPACITY;
      const n = Number(raw);
      if (!Number.isInteger(n) || n < 0 || n > MAX_CAPACITY) {
        issue(ctx, `monthlyCapacity "${String(raw)}" must be a whole number 0-${MAX_CAPACITY}`);
      }
      return n;
    }),
  snoozedUntil: text("snoozedUntil").superRefine((date, ctx) => {
    if (date && !isValidDate(date)) issue(ctx, `snoozedUntil "${date}" must be a date like 2026-03-31`);
  }),
  pendingSince: text("pendingSince").superRefine((at, ctx) => {
    if (at && Number.isNaN(Date.parse(at))) issue(ctx, `pendingSince "${at}" must be a date and time`);
  }),
  bio: text("bio").superRefine((bio, ctx) => {
    if (bio && bio.length > 500) issue(ctx, `bio is ${bio.length} characters (max 500)`);
  }),
  sample: z
    .union([z.boolean(), z.string(), z.number()], { error: "sample must be true or false" })
    .nullish()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === null || raw === "") return false;
      const s = String(raw).toLowerCase();
      if (["true", "yes", "1"].includes(s)) return true;
      if (!["false", "no", "0"].includes(s)) issue(ctx, `sample "${String(raw)}" must be true or false`);
      return false;
    }),
});

/**
 * Validates and normalises a draft. Returns the ambassador, or the list of problems (each naming its field).
 * Statistics (lastIntroducedAt, helpedCount, introductionsByMonth) are never taken from input.
 */
export function validateAmbassador(draft: AmbassadorDraft): { ambassador?: Ambassador; issues: string[] } {
  const parsed = ambassadorRowSchema.safeParse(draft ?? {});
  if (!parsed.success) return { issues: parsed.error.issues.map((i) => i.message) };
  const row = parsed.data;
  const displayName = row.displayName as string; // required above
  return {
    issues: [],
    ambassador: {
      id: row.id ?? ambassadorIdFor(displayName),
      displayName,
      ...(row.email ? { email: row.email } : {}),
      ...(row.slackUserId ? { slackUserId: row.slackUserId } : {}),
      ...(row.teamsUserId ? { teamsUserId: row.teamsUserId } : {}),
      categories: [...new Set(row.categories)],
      serviceAreas: [...new Set(row.serviceAreas)],
      ...(row.region ? { region: row.region } : {}),
      monthlyCapacity: row.monthlyCapacity,
      ...(row.snoozedUntil ? { snoozedUntil: row.snoozedUntil } : {}),
      ...(row.bio ? { bio: row.bio } : {}),
      ...(row.pendingSince ? { pendingSince: row.pendingSince } : {}),
      ...(row.sample ? { sample: true } : {}),
    },
  };
}
