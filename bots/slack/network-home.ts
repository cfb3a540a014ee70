/**
 * The editors' part of App Home (issue 15): answers waiting for review with Approve / Reject / Edit (core's own
 * "answers.approve" / "answers.reject" buttons and the "form.open" Edit button that opens the "answer.edit" modal,
 * so a press takes the same path as in chat), the approved answers with Edit, and the gaps: open and recently
 * answered questions by topic. Shown only to editors (the coordinators in configuration).
 */
import type { CommunityCard, GapTopic } from "../../peer/network-ports.ts";
import type { PeerServices } from "../../peer/ports.ts";
import { categoryLabel } from "../../peer/taxonomy.ts";
import { editCardAction } from "../core/features/answers.ts";
import type { ReplyBlock } from "../core/reply.ts";

/** Shown per list: the Home tab allows 100 blocks and each item can take two. */
const LIMIT = 8;

function excerpt(text: string, max = 200): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function proposalItem(card: CommunityCard) {
  const by = card.authorName ? `by ${card.authorName}` : "author not named";
  return {
    title: excerpt(card.question, 150),
    detail: `${excerpt(card.answer)}\n${card.topic ? `${categoryLabel(card.topic)} · ` : ""}${by} · proposed ${card.createdAt.slice(0, 10)}`,
    actions: [
      { id: "answers.approve" as const, label: "Approve", value: card.id, style: "primary" as const },
      { id: "answers.reject" as const, label: "Reject", value: card.id, style: "danger" as const },
      editCardAction(card),
    ],
  };
}

function approvedItem(card: CommunityCard) {
  return {
    title: excerpt(card.question, 150),
    detail: `${excerpt(card.answer)}\n${card.topic ? `${categoryLabel(card.topic)} · ` : ""}approved ${(card.approvedAt ?? card.updatedAt).slice(0, 10)}`,
    actions: [editCardAction(card)],
  };
}

function gapItem(row: GapTopic) {
  const oldest = row.questions.find((q) => q.status === "open");
  return {
    title: `${row.topic ? categoryLabel(row.topic) : "No clear topic"}: ${row.open} open, ${row.answered} answered`,
    detail: oldest
      ? `Longest waiting (${oldest.waitingDays} days): ${excerpt(oldest.text, 150)}`
      : "Nothing waiting.",
  };
}

/** The editor's sections of the Home tab. */
export async function editorHomeBlocks(
  peer: Pick<PeerServices, "community" | "network">,
): Promise<ReplyBlock[]> {
  const [pending, approved, gaps] = await Promise.all([
    peer.community.list("pending"),
    peer.community.list("approved"),
    peer.network.gaps(),
  ]);
  return [
    { type: "heading", text: "Answers waiting for review" },
    pending.length
      ? { type: "items", items: pending.slice(0, LIMIT).map(proposalItem) }
      : {
          type: "text",
          text: "None waiting. Ambassadors save answers with the *Save answer to Pathfinder* shortcut.",
        },
    ...(pending.length > LIMIT
      ? [
          {
            type: "context" as const,
            text: `${pending.length - LIMIT} more: /pathfinder answers lists them all.`,
          },
        ]
      : []),
    ...(approved.length
      ? [
          { type: "heading" as const, text: "Approved answers" },
          { type: "items" as const, items: approved.slice(0, LIMIT).map(approvedItem) },
          ...(approved.length > LIMIT
            ? [
                {
                  type: "context" as const,
                  text: `${approved.length - LIMIT} more: /pathfinder answers lists them all.`,
                },
              ]
            : []),
        ]
      : []),
    { type: "heading", text: "Gaps: questions Pathfinder couldn't answer" },
    gaps.length
      ? { type: "items", items: gaps.slice(0, LIMIT).map(gapItem) }
      : { type: "text", text: "No open or recently answered questions." },
    { type: "context", text: "/pathfinder gaps shows every question, by topic." },
  ];
}
