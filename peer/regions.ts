/** UK regions (the nine English regions and the three devolved nations) used to match people nearby. */

export const REGIONS = [
  "North East",
  "North West",
  "Yorkshire and the Humber",
  "East Midlands",
  "West Midlands",
  "East of England",
  "London",
  "South East",
  "South West",
  "Wales",
  "Scotland",
  "Northern Ireland",
] as const;

const ALIASES: Record<string, string> = {
  yorkshire: "Yorkshire and the Humber",
  "yorkshire & the humber": "Yorkshire and the Humber",
  "yorkshire and humber": "Yorkshire and the Humber",
  east: "East of England",
  "east anglia": "East of England",
  "greater london": "London",
  ni: "Northern Ireland",
};

const byLower = new Map<string, string>(REGIONS.map((r) => [r.toLowerCase(), r]));

/** The canonical region for a name ("north west" -> "North West"), or undefined when it is not one. */
export function canonicalRegion(name: string): string | undefined {
  const key = name.trim().toLowerCase().replace(/\s+/g, " ");
  return byLower.get(key) ?? ALIASES[key];
}
