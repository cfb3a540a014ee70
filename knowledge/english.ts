/**
 * How common a word is in everyday English (see data/english-frequency.json). The corpus is too
 * small to say whether a word is the point of a question: "leave" and "totally" are rare in these
 * articles yet say little, while "payroll" or "pension" usually are what the asker wants to know.
 */
import data from "./data/english-frequency.json" with { type: "json" };

const zipfOf = new Map<string, number>();
for (const [band, stems] of Object.entries(data.bands as Record<string, string>))
  for (const stem of stems.split(" ")) zipfOf.set(stem, Number(band));

/** Zipf frequency (log10 per billion words) of a stem in everyday English; rare stems get the floor. */
export function everydayZipf(stem: string): number {
  return zipfOf.get(stem) ?? data.minZipf - 0.5;
}

/**
 * How telling a word is by general English (0.3..1): 1 for words rarer than about 3 in a million
 * (Zipf 3.5: "payroll", "pension", "VAT"), down to 0.3 for everyday words (Zipf 5.5 and above: "back", "big", "leave").
 */
export function rarityFactor(stem: string): number {
  const zipf = everydayZipf(stem);
  return Math.max(0.3, Math.min(1, 1 - ((zipf - 3.5) / 2) * 0.7));
}
