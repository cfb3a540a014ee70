/**
 * Ambassador import/export files, JSON or CSV. Parsing validates every row and reports every problem with
 * its line number before anything is written (all or nothing).
 */
import { parse } from "csv-parse/sync";
import { type AmbassadorDraft, validateAmbassador } from "./ambassador-validation.ts";
import { AmbassadorValidationError } from "./errors.ts";
import type { Ambassador } from "./ports.ts";

/** Columns of the CSV format, in export order. Lists (categories, serviceAreas) are separated by ";". */
export const CSV_COLUMNS = [
  "id",
  "displayName",
  "slackUserId",
  "teamsUserId",
  "categories",
  "serviceAreas",
  "region",
  "monthlyCapacity",
  "snoozedUntil",
  "bio",
  "sample",
] as const;

const MAX_FILE_BYTES = 5 * 1024 * 1024;
const MAX_ROWS = 5_000;

const columnByLoose = new Map<string, string>(
  CSV_COLUMNS.map((c) => [c.toLowerCase().replace(/[^a-z]/g, ""), c]),
);

/** "json" or "csv", from the file name, else from the first non-blank character. */
export function detectFormat(fileName: string, content: string): "json" | "csv" {
  if (/\.json$/i.test(fileName)) return "json";
  if (/\.csv$/i.test(fileName)) return "csv";
  return /^\s*[[{]/.test(content) ? "json" : "csv";
}

/** Line numbers (1-based) where each element of the file's ambassador array starts. */
function jsonElementLines(text: string): number[] {
  const lines: number[] = [];
  const stack: string[] = [];
  let line = 1;
  let inString = false;
  let escaped = false;
  let targetDepth = -1;
  let expectValue = false;
  for (const ch of text) {
    if (ch === "\n") line++;
    if (inString) {
      if (escaped) escaped = false;
      else if (ch === "\\") escaped = true;
      else if (ch === '"') inString = false;
      continue;
    }
    if (expectValue && !/\s/.test(ch)) {
      if (ch !== "]") lines.push(line);
      expectValue = false;
    }
    if (ch === '"') inString = true;
    else if (ch === "[" || ch === "{") {
      stack.push(ch);
      // The root array, or the first array directly inside the root object ({"ambassadors": [...]}).
      if (ch === "[" && targetDepth < 0 && stack.length <= 2) {
        targetDepth = stack.length;
        expectValue = true;
      }
    } else if (ch === "]" || ch === "}") stack.pop();
    else if (ch === "," && stack.length === targetDepth) expectValue = true;
  }
  return lines;
}

function lineOfOffset(text: string, offset: number): number {
  return text.slice(0, offset).split("\n").length;
}

interface Row {
  line: number;
  draft: AmbassadorDraft;
}

function jsonRows(content: string): Row[] {
  let data: unknown;
  try {
    data = JSON.parse(content);
  } catch (error) {
    const position = Number(/position (\d+)/.exec((error as Error).message)?.[1]);
    const where = Number.isFinite(position) ? `line ${lineOfOffset(content, position)}: ` : "";
    throw new AmbassadorValidationError([`${where}not valid JSON (${(error as Error).message})`]);
  }
  const array = Array.isArray(data) ? data : (data as { ambassadors?: unknown })?.ambassadors;
  if (!Array.isArray(array)) {
    throw new AmbassadorValidationError([
      'line 1: expected an array of ambassadors, or {"ambassadors": [...]}',
    ]);
  }
  const lines = jsonElementLines(content);
  return array.map((entry, i) => {
    const line = lines[i] ?? 0;
    if (!entry || typeof entry !== "object" || Array.isArray(entry)) {
      throw new AmbassadorValidationError([`line ${line}: entry ${i + 1} is not an object`]);
    }
    return { line, draft: entry as AmbassadorDraft };
  });
}

function csvRows(content: string): Row[] {
  const issues: string[] = [];
  let records: { record: Record<string, string>; info: { lines: number } }[];
  try {
    records = parse(content, {
      columns: (header: string[]) =>
        header.map((name) => {
          const column = columnByLoose.get(name.toLowerCase().replace(/[^a-z]/g, ""));
          if (!column) issues.push(`line 1: unknown column "${name}"; columns are ${CSV_COLUMNS.join(", ")}`);
          return column ?? name;
        }),
      info: true,
      skip_empty_lines: true,
      trim: true,
      bom: true,
    });
  } catch (error) {
    const line = (error as { lines?: number }).lines;
    throw new AmbassadorValidationError([`${line ? `line ${line}: ` : ""}${(error as Error).message}`]);
  }
  if (issues.length > 0) throw new AmbassadorValidationError(issues);
  return records.map(({ record, info }) => {
    // info.lines is where the record ends; quoted values may span lines.
    const spanned = Object.values(record).reduce((n, v) => n + (v.match(/\n/g)?.length ?? 0), 0);
    return { line: info.lines - spanned, draft: record as AmbassadorDraft };
  });
}

/** Parses and validates an import file; throws AmbassadorValidationError listing every bad row by line. */
export function parseAmbassadorFile(content: string, format: "json" | "csv"): Ambassador[] {
  if (Buffer.byteLength(content) > MAX_FILE_BYTES) {
    throw new AmbassadorValidationError([`the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`]);
  }
  const rows = format === "json" ? jsonRows(content) : csvRows(content);
  if (rows.length === 0) throw new AmbassadorValidationError(["the file has no ambassadors in it"]);
  if (rows.length > MAX_ROWS)
    throw new AmbassadorValidationError([`more than ${MAX_ROWS} ambassadors in one file`]);
  const issues: string[] = [];
  const ambassadors: Ambassador[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const result = validateAmbassador(row.draft);
    for (const issue of result.issues) issues.push(`line ${row.line}: ${issue}`);
    if (!result.ambassador) continue;
    const first = seen.get(result.ambassador.id);
    if (first !== undefined) {
      issues.push(`line ${row.line}: id "${result.ambassador.id}" is already used on line ${first}`);
    } else seen.set(result.ambassador.id, row.line);
    ambassadors.push(result.ambassador);
  }
  if (issues.length > 0) throw new AmbassadorValidationError(issues);
  return ambassadors;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}

/** The directory as a file in the import format (statistics are not exported; they are not importable). */
export function formatAmbassadorFile(ambassadors: Ambassador[], format: "json" | "csv"): string {
  const profiles = ambassadors.map((a) => ({
    id: a.id,
    displayName: a.displayName,
    ...(a.slackUserId ? { slackUserId: a.slackUserId } : {}),
    ...(a.teamsUserId ? { teamsUserId: a.teamsUserId } : {}),
    categories: a.categories,
    serviceAreas: a.serviceAreas,
    ...(a.region ? { region: a.region } : {}),
    monthlyCapacity: a.monthlyCapacity,
    ...(a.snoozedUntil ? { snoozedUntil: a.snoozedUntil } : {}),
    ...(a.bio ? { bio: a.bio } : {}),
    ...(a.sample ? { sample: true } : {}),
  }));
  if (format === "json") return `${JSON.stringify(profiles, null, 2)}\n`;
  const rows = profiles.map((p) =>
    CSV_COLUMNS.map((column) => {
      const value = (p as Record<string, unknown>)[column];
      if (value === undefined) return "";
      return csvCell(Array.isArray(value) ? value.join(";") : String(value));
    }).join(","),
  );
  return `${[CSV_COLUMNS.join(","), ...rows].join("\n")}\n`;
}
