/**
 * Re-runnable ambassador import: an upsert keyed by a stable identity, so importing the same file twice
 * changes nothing ("0 added, 0 updated, 12 unchanged") instead of doubling everyone. A row is the same
 * ambassador as a stored profile when it names the same id, else the same e-mail, else the same Slack or
 * Teams user id (unless both have e-mails and they differ); a row with none of those is matched on its display name among profiles that have none either.
 * The whole plan is checked before anything is written: a row that would give two ambassadors the same
 * platform id (or e-mail) is refused with its line number, and nothing is saved.
 */
import { type AmbassadorRow, CSV_COLUMNS } from "./ambassador-file.ts";
import { AmbassadorValidationError } from "./errors.ts";
import type { Ambassador, AmbassadorDirectory } from "./ports.ts";

/** The identity fields that must belong to one ambassador only. */
const UNIQUE_FIELDS = ["email", "slackUserId", "teamsUserId"] as const;
type UniqueField = (typeof UNIQUE_FIELDS)[number];

const FIELD_NAMES: Record<UniqueField, string> = {
  email: "e-mail",
  slackUserId: "Slack user id",
  teamsUserId: "Teams user id",
};

/** A change an import makes to one ambassador. */
export interface ImportChange {
  line: number;
  ambassador: Ambassador;
  /** Updated rows: the profile fields that change. */
  fields?: string[];
}

/** What an import would do; `removed` is only filled when pruning. */
export interface ImportPlan {
  added: ImportChange[];
  updated: ImportChange[];
  unchanged: ImportChange[];
  removed: Ambassador[];
}

/** The fields a file carries (statistics and the ambassador's own away date are not importable). */
const PROFILE_FIELDS = CSV_COLUMNS.filter((c) => c !== "id");

function changedFields(before: Ambassador, after: Ambassador): string[] {
  const norm = (value: unknown) => JSON.stringify(value ?? null);
  return PROFILE_FIELDS.filter((field) => {
    const a = before[field];
    const b = after[field];
    // Absent and false/empty mean the same thing for these fields ("sample": false is never stored).
    if ((a === undefined || a === false) && (b === undefined || b === false)) return false;
    return norm(a) !== norm(b);
  });
}

function hasIdentity(a: Ambassador): boolean {
  return UNIQUE_FIELDS.some((field) => a[field] !== undefined);
}

/** The stored profile a row is the same ambassador as, and by what ("e-mail tom@example.org"). */
function findExisting(
  row: AmbassadorRow,
  existing: Ambassador[],
): { match: Ambassador; by: string } | undefined {
  const a = row.ambassador;
  if (row.idGiven) {
    const byId = existing.find((e) => e.id === a.id);
    if (byId) return { match: byId, by: `id ${a.id}` };
  }
  for (const field of UNIQUE_FIELDS) {
    const value = a[field];
    if (value === undefined) continue;
    // A row with an e-mail is a different person from a stored profile with another e-mail, whatever
    // platform id it shares (that clash is then refused); a stored profile without one may gain it.
    const match = existing.find((e) => e[field] === value && (!a.email || !e.email || e.email === a.email));
    if (match) return { match, by: `${FIELD_NAMES[field]} ${value}` };
  }
  if (!hasIdentity(a)) {
    const name = a.displayName.toLowerCase();
    const match = existing.find((e) => !hasIdentity(e) && e.displayName.toLowerCase() === name);
    if (match) return { match, by: `name ${a.displayName}` };
  }
  return undefined;
}

/**
 * What importing `rows` over the `existing` directory would do (pure). Throws AmbassadorValidationError with
 * every conflicting row's line when two ambassadors would share an identity.
 */
export function planAmbassadorImport(
  existing: Ambassador[],
  rows: AmbassadorRow[],
  options: { prune?: boolean } = {},
): ImportPlan {
  const issues: string[] = [];
  const plan: ImportPlan = { added: [], updated: [], unchanged: [], removed: [] };
  const claimedBy = new Map<string, number>(); // existing id -> line that matched it
  const finalProfiles = new Map<string, { ambassador: Ambassador; line?: number }>();
  for (const row of rows) {
    const found = findExisting(row, existing);
    if (found) {
      const { match, by } = found;
      const first = claimedBy.get(match.id);
      if (first !== undefined) {
        issues.push(`line ${row.line}: ${by} is also line ${first}'s (${match.displayName})`);
        continue;
      }
      claimedBy.set(match.id, row.line);
      const after: Ambassador = { ...row.ambassador, id: match.id };
      const fields = changedFields(match, after);
      const change = { line: row.line, ambassador: after };
      if (fields.length > 0) plan.updated.push({ ...change, fields });
      else plan.unchanged.push(change);
      finalProfiles.set(after.id, { ambassador: after, line: row.line });
    } else {
      plan.added.push({ line: row.line, ambassador: row.ambassador });
      finalProfiles.set(row.ambassador.id, { ambassador: row.ambassador, line: row.line });
    }
  }
  for (const e of existing) {
    if (claimedBy.has(e.id)) continue;
    if (options.prune) plan.removed.push(e);
    else finalProfiles.set(e.id, { ambassador: e });
  }

  // Every identity value must end up on one ambassador; a file row is blamed (it is what can be fixed).
  for (const field of UNIQUE_FIELDS) {
    const owner = new Map<string, { ambassador: Ambassador; line?: number }>();
    const entries = [...finalProfiles.values()].sort(
      (a, b) => (a.line ?? 0) - (b.line ?? 0), // stored profiles (no line) first, then file order
    );
    for (const entry of entries) {
      const value = entry.ambassador[field];
      if (value === undefined) continue;
      const first = owner.get(value);
      if (!first) {
        owner.set(value, entry);
        continue;
      }
      const where =
        first.line !== undefined
          ? `line ${first.line}`
          : `${first.ambassador.displayName} (${first.ambassador.id}), already in the directory`;
      issues.push(`line ${entry.line}: ${FIELD_NAMES[field]} ${value} is also ${where}'s`);
    }
  }
  if (issues.length > 0) throw new AmbassadorValidationError(issues.sort(byLine));
  return plan;
}

function byLine(a: string, b: string): number {
  const n = (s: string) => Number(/^line (\d+)/.exec(s)?.[1] ?? 0);
  return n(a) - n(b);
}

/** "0 added, 0 updated, 12 unchanged" (and ", 2 removed" when pruning). */
export function summariseImport(plan: ImportPlan, options: { prune?: boolean } = {}): string {
  const parts = [
    `${plan.added.length} added`,
    `${plan.updated.length} updated`,
    `${plan.unchanged.length} unchanged`,
  ];
  if (options.prune) parts.push(`${plan.removed.length} removed`);
  return parts.join(", ");
}

/** One line per change, for a dry run: "+ line 3: Tom Price (tom-price-1a2b)". */
export function describeImport(plan: ImportPlan): string[] {
  return [
    ...plan.added.map((c) => `+ line ${c.line}: add ${c.ambassador.displayName} (${c.ambassador.id})`),
    ...plan.updated.map(
      (c) =>
        `~ line ${c.line}: update ${c.ambassador.displayName} (${c.ambassador.id}): ${(c.fields ?? []).join(", ")}`,
    ),
    ...plan.removed.map((a) => `- remove ${a.displayName} (${a.id}), not in the file`),
  ];
}

/** Reads the directory and plans an import of `rows` over it (nothing written). */
export async function planImportInto(
  directory: Pick<AmbassadorDirectory, "list">,
  rows: AmbassadorRow[],
  options: { prune?: boolean } = {},
): Promise<ImportPlan> {
  return planAmbassadorImport(await directory.list(), rows, options);
}

/**
 * Writes a plan: added and updated profiles in one all-or-nothing import (statistics on updated profiles are
 * kept by the repository), then the pruned ones removed.
 */
export async function applyImport(
  directory: Pick<AmbassadorDirectory, "importMany" | "remove">,
  plan: ImportPlan,
): Promise<void> {
  const writes = [...plan.added, ...plan.updated].map((c) => c.ambassador);
  if (writes.length > 0) await directory.importMany(writes);
  for (const a of plan.removed) await directory.remove(a.id);
}
