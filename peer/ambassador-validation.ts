/**
 * Validation of ambassador profiles (from the CLI, an import file or the bots): every problem is collected
 * with the field it concerns, so a person fixes a file in one pass.
 */
import { randomUUID } from "node:crypto";
import type { Ambassador } from "./ports.ts";
import { canonicalRegion, REGIONS } from "./regions.ts";
import { CATEGORIES, isCategoryId } from "./taxonomy.ts";

const ID_PATTERN = /^[a-z0-9][a-z0-9-]{0,63}$/;
const SLACK_USER_PATTERN = /^[UW][A-Z0-9]{2,20}$/;
const DATE_PATTERN = /^\d{4}-\d{2}-\d{2}$/;
const MAX_CAPACITY = 100;

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

function list(value: unknown): string[] | undefined {
  if (value === undefined || value === null || value === "") return undefined;
  if (Array.isArray(value)) return value.map((v) => String(v).trim()).filter(Boolean);
  if (typeof value === "string") {
    return value
      .split(/[;|,]/)
      .map((v) => v.trim())
      .filter(Boolean);
  }
  return undefined;
}

function optionalString(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  const text = String(value).trim();
  return text ? text : undefined;
}

/**
 * Validates and normalises a draft. Returns the ambassador, or the list of problems (each naming its field).
 * Statistics (lastIntroducedAt, helpedCount, introductionsByMonth) are never taken from input.
 */
export function validateAmbassador(draft: AmbassadorDraft): { ambassador?: Ambassador; issues: string[] } {
  const issues: string[] = [];
  const displayName = optionalString(draft.displayName);
  if (!displayName) issues.push("displayName is required");
  else if (displayName.length > 80) issues.push(`displayName is ${displayName.length} characters (max 80)`);

  let id = optionalString(draft.id)?.toLowerCase();
  if (id && !ID_PATTERN.test(id)) {
    issues.push(`id "${id}" must be lower-case letters, digits and hyphens (max 64)`);
  }
  if (!id && displayName) id = ambassadorIdFor(displayName);

  const slackUserId = optionalString(draft.slackUserId);
  if (slackUserId && !SLACK_USER_PATTERN.test(slackUserId)) {
    issues.push(`slackUserId "${slackUserId}" does not look like a Slack user id (e.g. U0123ABCD)`);
  }
  const teamsUserId = optionalString(draft.teamsUserId);
  if (teamsUserId && teamsUserId.length > 200) issues.push("teamsUserId is too long (max 200)");

  const categories = list(draft.categories) ?? [];
  if (categories.length === 0) {
    issues.push(`categories: give at least one of ${CATEGORIES.map((c) => c.id).join(", ")}`);
  }
  const unknown = categories.filter((c) => !isCategoryId(c));
  if (unknown.length > 0) {
    issues.push(
      `categories: unknown ${unknown.map((u) => `"${u}"`).join(", ")}; valid: ${CATEGORIES.map((c) => c.id).join(", ")}`,
    );
  }

  const serviceAreas = (list(draft.serviceAreas) ?? []).map((s) => s.toLowerCase().replace(/\s+/g, " "));
  if (serviceAreas.some((s) => s.length > 80))
    issues.push("serviceAreas: each must be at most 80 characters");
  if (serviceAreas.length > 20) issues.push("serviceAreas: at most 20");

  let region: string | undefined;
  const rawRegion = optionalString(draft.region);
  if (rawRegion) {
    region = canonicalRegion(rawRegion);
    if (!region) issues.push(`region "${rawRegion}" is not one of: ${REGIONS.join(", ")}`);
  }

  let monthlyCapacity = 2;
  if (draft.monthlyCapacity !== undefined && draft.monthlyCapacity !== null && draft.monthlyCapacity !== "") {
    const n = Number(draft.monthlyCapacity);
    if (!Number.isInteger(n) || n < 0 || n > MAX_CAPACITY) {
      issues.push(
        `monthlyCapacity "${String(draft.monthlyCapacity)}" must be a whole number 0-${MAX_CAPACITY}`,
      );
    } else monthlyCapacity = n;
  }

  const snoozedUntil = optionalString(draft.snoozedUntil);
  if (snoozedUntil && !isValidDate(snoozedUntil)) {
    issues.push(`snoozedUntil "${snoozedUntil}" must be a date like 2026-03-31`);
  }
  const bio = optionalString(draft.bio);
  if (bio && bio.length > 500) issues.push(`bio is ${bio.length} characters (max 500)`);

  let sample = false;
  if (draft.sample !== undefined && draft.sample !== null && draft.sample !== "") {
    const s = String(draft.sample).toLowerCase();
    if (["true", "yes", "1"].includes(s)) sample = true;
    else if (!["false", "no", "0"].includes(s))
      issues.push(`sample "${String(draft.sample)}" must be true or false`);
  }

  if (issues.length > 0 || !id || !displayName) return { issues };
  return {
    issues,
    ambassador: {
      id,
      displayName,
      ...(slackUserId ? { slackUserId } : {}),
      ...(teamsUserId ? { teamsUserId } : {}),
      categories: [...new Set(categories)],
      serviceAreas: [...new Set(serviceAreas)],
      ...(region ? { region } : {}),
      monthlyCapacity,
      ...(snoozedUntil ? { snoozedUntil } : {}),
      ...(bio ? { bio } : {}),
      ...(sample ? { sample } : {}),
    },
  };
}
