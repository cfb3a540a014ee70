/**
 * The digest's "Answered by the network this week" section (issue 15): questions the ambassadors answered and
 * community cards approved this week, by topic, and open questions that have waited more than 3 working days.
 * build.ts and render.ts each call in once (withNetworkSection, networkBlocks); the section is optional, so a
 * digest built without the network's ports (older callers, tests of other sections) is unchanged.
 */
import type { Reply, ReplyBlock } from "../bots/core/reply.ts";
import type { CommunityCards, Network } from "../peer/network-ports.ts";
import type { CategoryId } from "../peer/ports.ts";
import { categoryLabel } from "../peer/taxonomy.ts";
import { weekStart } from "../peer/week.ts";
import type { Digest } from "./digest.ts";

/** One topic's count. */
export interface NetworkTopicCount {
  category: CategoryId;
  label: string;
  count: number;
}

/** The section's data. */
export interface NetworkSection {
  /** Questions that got their first answer this week, by topic, most first. */
  answered: NetworkTopicCount[];
  /** Community cards approved this week, by topic, most first. */
  cardsSaved: NetworkTopicCount[];
  /** Open questions waiting more than 3 working days, oldest first (scrubbed text; at most 5). */
  waiting: { topic: string; text: string; waitingDays: number }[];
}

// Declaration merging adds the optional section to the Digest type from this file, so digest.ts (another
// engineer's) needs no edit: the digest JSON gains `network` only when the network's ports were given.
declare module "./digest.ts" {
  interface Digest {
    network?: NetworkSection;
  }
}

/** Where the section's data comes from: the network's ports (PeerServices.network and .community). */
export interface NetworkDigestSource {
  network: Pick<Network, "week">;
  community: Pick<CommunityCards, "list">;
}

const WAITING_SHOWN = 5;

function counts(record: Record<string, number>): NetworkTopicCount[] {
  return Object.entries(record)
    .filter(([, n]) => n > 0)
    .map(([category, count]) => ({ category, label: category ? categoryLabel(category) : "Other", count }))
    .sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}

/** Reads the section for an ISO week. */
export async function buildNetworkSection(
  source: NetworkDigestSource,
  week: string,
): Promise<NetworkSection> {
  const since = new Date(`${weekStart(week)}T00:00:00Z`);
  const until = new Date(since.getTime() + 7 * 86_400_000);
  const [activity, approved] = await Promise.all([
    source.network.week(since, until),
    source.community.list("approved"),
  ]);
  const cards: Record<string, number> = {};
  for (const card of approved) {
    const at = card.approvedAt ? Date.parse(card.approvedAt) : Number.NaN;
    if (at >= since.getTime() && at < until.getTime()) cards[card.topic] = (cards[card.topic] ?? 0) + 1;
  }
  return {
    answered: counts(activity.answeredByTopic),
    cardsSaved: counts(cards),
    waiting: activity.waiting.slice(0, WAITING_SHOWN).map((w) => ({
      topic: w.topic ? categoryLabel(w.topic) : "Other",
      text: w.text,
      waitingDays: w.waitingDays,
    })),
  };
}

function hasContent(section: NetworkSection): boolean {
  return section.answered.length + section.cardsSaved.length + section.waiting.length > 0;
}

/** The digest with the network section added (when a source is given); a week with only network news is not empty. */
export async function withNetworkSection(
  digest: Digest,
  source: NetworkDigestSource | undefined,
): Promise<Digest> {
  if (!source) return digest;
  const network = await buildNetworkSection(source, digest.week);
  return { ...digest, network, empty: digest.empty && !hasContent(network) };
}

const total = (rows: NetworkTopicCount[]) => rows.reduce((sum, r) => sum + r.count, 0);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
const byTopic = (rows: NetworkTopicCount[]) => rows.map((r) => `${r.label} (${r.count})`).join(", ");

/** The section's blocks for renderDigest; none when there is nothing to say. */
export function networkBlocks(digest: Digest): ReplyBlock[] {
  const section = digest.network;
  if (!section || !hasContent(section)) return [];
  const lines: string[] = [];
  if (section.answered.length > 0) {
    lines.push(
      `${plural(total(section.answered), "question")} answered by ambassadors: ${byTopic(section.answered)}.`,
    );
  }
  if (section.cardsSaved.length > 0) {
    lines.push(
      `${plural(total(section.cardsSaved), "answer")} saved to Pathfinder for the next person: ${byTopic(section.cardsSaved)}.`,
    );
  }
  const blocks: ReplyBlock[] = [{ type: "heading", text: "Answered by the network this week" }];
  if (lines.length > 0) blocks.push({ type: "text", text: lines.join("\n") });
  if (section.waiting.length > 0) {
    blocks.push({
      type: "text",
      text: `Still waiting for an answer:\n${section.waiting
        .map((w) => `• *${w.topic}*, ${plural(w.waitingDays, "day")}: “${w.text}”`)
        .join("\n")}`,
    });
  }
  return blocks;
}

/** For callers that render only the section (App Home, the playground). */
export function networkSectionReply(digest: Digest): Reply | undefined {
  const blocks = networkBlocks(digest);
  return blocks.length > 0
    ? { text: "Answered by the network this week", blocks, visibility: "private" }
    : undefined;
}
