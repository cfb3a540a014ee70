/**
 * Ranks ambassadors for a question or obstacle: topic fit first, then service area and region; honours
 * capacity and snooze; spreads introductions fairly; never offers the asker to themself; explains each match.
 */
export { londonDay, londonMonth } from "./availability.ts";

import { ambassadorStatus } from "./availability.ts";
import type { Ambassador, AmbassadorMatch, Classifier, MatchRequest, UserRef } from "./ports.ts";
import { canonicalRegion } from "./regions.ts";
import { categoryLabel } from "./taxonomy.ts";

/** True when the ambassador is this person (same platform id). */
export function isAmbassadorUser(ambassador: Ambassador, user: UserRef | undefined): boolean {
  if (!user) return false;
  if (user.platform === "slack") return ambassador.slackUserId === user.userId;
  if (user.platform === "teams") return ambassador.teamsUserId === user.userId;
  return ambassador.slackUserId === user.userId || ambassador.teamsUserId === user.userId;
}

function joinLabels(labels: string[]): string {
  if (labels.length <= 1) return labels.join("");
  return `${labels.slice(0, -1).join(", ")} and ${labels.at(-1)}`;
}

function describe(ambassador: Ambassador, topics: string[], serviceArea?: string, region?: string): string {
  if (topics.length === 0) {
    // No topic asked (issue 17 item 9): say why they are suggested (free this month) and what they do cover,
    // rather than file them under a topic they may not know.
    const covers = joinLabels(ambassador.categories.map(categoryLabel));
    return ["available this month", covers ? `covers ${covers}` : undefined, serviceArea, region]
      .filter(Boolean)
      .join("; ");
  }
  const helped = ambassador.helpedCount ?? 0;
  const topicText = joinLabels(topics.map(categoryLabel));
  const lead =
    helped > 0 ? `helped ${helped} other${helped === 1 ? "" : "s"} with ${topicText}` : `knows ${topicText}`;
  return [lead, serviceArea, region].filter(Boolean).join("; ");
}

/**
 * Ambassadors ranked for the request (pure: the directory supplies the list). `context.now` is the clock's
 * reading (request.now wins when given); `context.classify` reads the topic from text when no categories
 * are given (injected so the domain does not depend on the knowledge base).
 */
export function rankAmbassadors(
  ambassadors: Ambassador[],
  request: MatchRequest,
  context: { now: Date; classify: Classifier },
): AmbassadorMatch[] {
  const now = request.now ?? context.now;
  const limit = Math.max(1, Math.min(request.limit ?? 3, 20));
  const wanted =
    request.categories && request.categories.length > 0
      ? request.categories.map((id, i) => ({ id, weight: 1 - i * 0.1 }))
      : context.classify(request.text ?? "").map((c) => ({ id: c.id, weight: c.confidence }));
  const area = request.serviceArea?.trim().toLowerCase();
  const region = request.region ? (canonicalRegion(request.region) ?? request.region.trim()) : undefined;

  const scored = ambassadors.flatMap((ambassador) => {
    if (isAmbassadorUser(ambassador, request.asker)) return [];
    if (ambassadorStatus(ambassador, now).kind !== "active") return [];
    const topics = wanted.filter((w) => ambassador.categories.includes(w.id));
    // With a known topic, someone who cannot help with it is no match, however close they live.
    if (wanted.length > 0 && topics.length === 0) return [];
    const areaMatch = area
      ? ambassador.serviceAreas.find((s) => s === area || s.includes(area) || area.includes(s))
      : undefined;
    const regionMatch =
      region && ambassador.region?.toLowerCase() === region.toLowerCase() ? ambassador.region : undefined;
    const topicScore = topics.reduce((sum, t) => sum + t.weight, 0);
    const score = Math.round((topicScore * 10 + (areaMatch ? 3 : 0) + (regionMatch ? 1 : 0)) * 100) / 100;
    return [
      {
        ambassador,
        score,
        reason: describe(
          ambassador,
          topics.map((t) => t.id),
          areaMatch,
          regionMatch,
        ),
      },
    ];
  });
  scored.sort(
    (a, b) =>
      b.score - a.score ||
      // Fairness among equals: whoever was introduced least recently (or never) goes first.
      (a.ambassador.lastIntroducedAt ?? "").localeCompare(b.ambassador.lastIntroducedAt ?? "") ||
      a.ambassador.id.localeCompare(b.ambassador.id),
  );
  return scored.slice(0, limit);
}
