/**
 * Peers: people who reported the same obstacle recently and agreed to be contacted. Read from the PEER#<category>
 * partitions (newest first, bounded), never the asker, one offer per person, identity hidden.
 */
import { assertCategories } from "../peer/errors.ts";
import { PEER_WINDOW_DAYS } from "../peer/limits.ts";
import type { PeerMatch, Peers } from "../peer/ports.ts";
import { categoryLabel } from "../peer/taxonomy.ts";
import { queryAll, type StoreContext } from "./context.ts";
import { keys } from "./keys.ts";

function ago(from: Date, to: Date): string {
  const days = Math.max(0, Math.floor((to.getTime() - from.getTime()) / 86_400_000));
  if (days === 0) return "today";
  if (days === 1) return "yesterday";
  if (days < 14) return `${days} days ago`;
  if (days < 60) return `${Math.floor(days / 7)} weeks ago`;
  return `${Math.floor(days / 30)} months ago`;
}

/** The DynamoDB peer finder. */
export function createPeers(ctx: StoreContext): Peers {
  return {
    async find(request) {
      const categories = assertCategories(request.categories);
      const now = request.now ?? new Date();
      const limit = Math.max(1, Math.min(request.limit ?? 3, 20));
      const since = new Date(now.getTime() - PEER_WINDOW_DAYS * 86_400_000).toISOString();
      const askerHash = ctx.hashUser(request.asker);
      const seen = new Set<string>([askerHash]);
      const matches: PeerMatch[] = [];
      for (const category of categories) {
        if (matches.length >= limit) break;
        // Read a few more than needed: the asker's own reports and repeat reporters are skipped.
        const items = await queryAll(
          ctx,
          "find peers",
          {
            KeyConditionExpression: "pk = :pk AND sk BETWEEN :since AND :until",
            ExpressionAttributeValues: {
              ":pk": keys.peerPartition(category),
              ":since": since,
              ":until": `${now.toISOString()}\uffff`,
            },
            ScanIndexForward: false,
            Limit: limit * 4,
          },
          limit * 4,
        );
        for (const item of items) {
          const userHash = String(item.userHash);
          if (seen.has(userHash)) continue;
          seen.add(userHash);
          const where = [item.serviceArea, item.region].filter(Boolean).join(", ");
          matches.push({
            reportId: String(item.reportId),
            category,
            reason: `also reported ${categoryLabel(category).toLowerCase()} ${ago(new Date(String(item.createdAt)), now)}${
              where ? `; ${where}` : ""
            }`,
          });
          if (matches.length >= limit) break;
        }
      }
      return matches;
    },
  };
}
