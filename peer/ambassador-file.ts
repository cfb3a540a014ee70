/**
 * Ambassador import/export files, JSON or CSV. Parsing validates every row and reports every problem with
 * its line number before anything is written (all or nothing).
 */
import { parse } from "csv-parse/sync";
import { stringify } from "csv-stringify/sync";
import {
  findNodeAtLocation,
  getNodeValue,
  type ParseError,
  parseTree,
  printParseErrorCode,
} from "jsonc-parser";
import { type AmbassadorDraft, validateAmbassador } from "./ambassador-validation.ts";
import { AmbassadorValidationError } from "./errors.ts";
import type { Ambassador } from "./ports.ts";

/** Columns of the CSV format, in export order. Lists (categories, serviceAreas) are separated by ";". */
export const CSV_COLUMNS = [
  "id",
  "displayName",
  "email",
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

/** 1-based line of a character offset. */
function lineOfOffset(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}

interface Row {
  line: number;
  draft: AmbassadorDraft;
}

/**
 * Entries of a JSON file (an array, or {"ambassadors": [...]}), each with the line it starts on. jsonc-parser
 * gives every value its offset, which JSON.parse cannot; comments and trailing commas are refused (JSON).
 */
function jsonRows(content: string): Row[] {
  const errors: ParseError[] = [];
  const root = parseTree(content, errors, { disallowComments: true, allowTrailingComma: false });
  const first = errors[0];
  if (first || !root) {
    const where = first ? `line ${lineOfOffset(content, first.offset)}: ` : "";
    const reason = first ? printParseErrorCode(first.error) : "empty file";
    throw new AmbassadorValidationError([`${where}not valid JSON (${reason})`]);
  }
  const array = root.type === "array" ? root : findNodeAtLocation(root, ["ambassadors"]);
  if (array?.type !== "array") {
    throw new AmbassadorValidationError([
      'line 1: expected an array of ambassadors, or {"ambassadors": [...]}',
    ]);
  }
  return (array.children ?? []).map((node, i) => {
    const line = lineOfOffset(content, node.offset);
    if (node.type !== "object") {
      throw new AmbassadorValidationError([`line ${line}: entry ${i + 1} is not an object`]);
    }
    return { line, draft: getNodeValue(node) as AmbassadorDraft };
  });
}

/**
 * A cell a spreadsheet would run as a formula (CSV injection: OWASP "CSV Injection") is written with a
 * leading apostrophe, which spreadsheets show as text; the import takes that apostrophe off again.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function guardFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

function unguardFormula(value: string): string {
  return value.startsWith("'") && FORMULA_START.test(value.slice(1)) ? value.slice(1) : value;
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
    const draft = Object.fromEntries(Object.entries(record).map(([k, v]) => [k, unguardFormula(v)]));
    return { line: info.lines - spanned, draft: draft as AmbassadorDraft };
  });
}

/** One valid row of an import file: the line it starts on, and whether it named its own id. */
export interface AmbassadorRow {
  line: number;
  ambassador: Ambassador;
  /** False when the id was made up from the name (a re-import must then match on e-mail or platform id). */
  idGiven: boolean;
}

/** Parses and validates an import file, keeping each row's line; throws listing every bad row by line. */
export function parseAmbassadorRows(content: string, format: "json" | "csv"): AmbassadorRow[] {
  if (Buffer.byteLength(content) > MAX_FILE_BYTES) {
    throw new AmbassadorValidationError([`the file is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`]);
  }
  const rows = format === "json" ? jsonRows(content) : csvRows(content);
  if (rows.length === 0) throw new AmbassadorValidationError(["the file has no ambassadors in it"]);
  if (rows.length > MAX_ROWS)
    throw new AmbassadorValidationError([`more than ${MAX_ROWS} ambassadors in one file`]);
  const issues: string[] = [];
  const valid: AmbassadorRow[] = [];
  const seen = new Map<string, number>();
  for (const row of rows) {
    const result = validateAmbassador(row.draft);
    for (const issue of result.issues) issues.push(`line ${row.line}: ${issue}`);
    if (!result.ambassador) continue;
    const first = seen.get(result.ambassador.id);
    if (first !== undefined) {
      issues.push(`line ${row.line}: id "${result.ambassador.id}" is already used on line ${first}`);
    } else seen.set(result.ambassador.id, row.line);
    const id = row.draft.id;
    valid.push({
      line: row.line,
      ambassador: result.ambassador,
      idGiven: typeof id === "string" && !!id.trim(),
    });
  }
  if (issues.length > 0) throw new AmbassadorValidationError(issues);
  return valid;
}

/** Parses and validates an import file; throws AmbassadorValidationError listing every bad row by line. */
export function parseAmbassadorFile(content: string, format: "json" | "csv"): Ambassador[] {
  return parseAmbassadorRows(content, format).map((row) => row.ambassador);
}

/** The directory as a file in the import format (statistics are not exported; they are not importable). */
export function formatAmbassadorFile(ambassadors: Ambassador[], format: "json" | "csv"): string {
  const profiles = ambassadors.map((a) => ({
    id: a.id,
    displayName: a.displayName,
    ...(a.email ? { email: a.email } : {}),
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
      return guardFormula(Array.isArray(value) ? value.join(";") : String(value));
    }),
  );
  return stringify(rows, { header: true, columns: [...CSV_COLUMNS], record_delimiter: "unix" });
}
