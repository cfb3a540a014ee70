/**
 * How a source reads in every renderer (issue 11): its title, then who wrote it and when,
 * "Keeping staff pensions — A Practitioner, 20 September 2012", linked when it has a URL. Never the
 * file name (`source`), which is for machines.
 */
import type { Citation, CitationKind } from "../../knowledge/types.ts";

/** Layers people should know apart; articles and documents speak for themselves through title and author. */
const KIND_LABEL: Partial<Record<CitationKind, string>> = {
  guide: "Pathfinder guide",
  community: "Community answer",
};

const LONG_DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

/** "20 September 2012" for an ISO date; anything else (a bare year, say) is shown as given. */
export function formatCitationDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}/.test(date)) return date;
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : LONG_DATE.format(parsed);
}

/** What follows the title: layer, author and date, comma separated; "" when none is known. */
export function citationByline(citation: Citation): string {
  const parts = [
    KIND_LABEL[citation.kind],
    citation.author?.trim(),
    citation.date ? formatCitationDate(citation.date.trim()) : undefined,
  ];
  return parts.filter((p): p is string => Boolean(p)).join(", ");
}

/** The citation's URL when it is one a renderer may link to (http or https only). */
export function citationUrl(citation: Citation): string | undefined {
  const url = citation.url?.trim();
  if (!url) return undefined;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "https:" || parsed.protocol === "http:" ? parsed.href : undefined;
  } catch {
    return undefined;
  }
}
