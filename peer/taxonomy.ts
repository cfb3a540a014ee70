/** The obstacle taxonomy (data in peer/taxonomy.json), typed. */
import taxonomyData from "./taxonomy.json" with { type: "json" };

export interface ObstacleCategory {
  id: string;
  label: string;
  description: string;
  /** Words and phrases practitioners use for this obstacle. */
  terms: string[];
}

export const CATEGORIES: readonly ObstacleCategory[] = taxonomyData.categories;

const byId = new Map(CATEGORIES.map((c) => [c.id, c]));

/** The category with this id, or undefined. */
export function findCategory(id: string): ObstacleCategory | undefined {
  return byId.get(id);
}

/** The label for a category id ("Staff and unions"); the id itself when unknown. */
export function categoryLabel(id: string): string {
  return byId.get(id)?.label ?? id;
}

/** True when every id names a taxonomy category. */
export function isCategoryId(id: string): boolean {
  return byId.has(id);
}
