/**
 * The "answer.edit" form (issue 15): an editor's Edit button (in `answers`, App Home, Teams, the playground) opens
 * it about one community card, prefilled; submitting changes the card's question, answer, topic or phrasings. The
 * rules (editors only, scrubbing, history, what is still editable) are the domain's (peer/community-cards.ts).
 */
import {
  CARD_REVISION,
  CardChangedError,
  CardInputError,
  CardNotEditableError,
  cardRevision,
  MAX_CARD_ANSWER,
  MAX_CARD_QUESTION,
  MAX_PHRASINGS,
} from "../../../peer/community-card-rules.ts";
import { NotAllowedError, NotFoundError } from "../../../peer/errors.ts";
import type { CommunityCard } from "../../../peer/network-ports.ts";
import { scrubText } from "../../../peer/scrub.ts";
import { CATEGORIES, categoryLabel, isCategoryId } from "../../../peer/taxonomy.ts";
import { type FormHandler, result } from "../feature.ts";
import type { Form, FormField, FormSubmitRequest, FormSubmitResult } from "../forms.ts";
import { blocksReply, textReply } from "../replies.ts";
import { truncate } from "../text-limits.ts";
import { actorOf, editCardAction } from "./answers.ts";

const EDITORS_ONLY_EDIT =
  "Only editors (the coordinators set in Pathfinder's configuration) can edit saved answers.";

/**
 * What the edit form carries between opening and submitting: the card it edits and the revision it was opened
 * on (peer/community-cards.ts `cardRevision`). A form opened before revisions were carried has none: it is
 * saved as before, without the check.
 */
export interface EditState {
  cardId: string;
  revision?: string;
}

/** Reads the form's state back; the card id is undefined when the state is not one this form wrote. */
function editState(state: string | undefined): Partial<EditState> {
  if (!state) return {};
  try {
    const parsed = JSON.parse(state) as { cardId?: unknown; revision?: unknown } | null;
    const id = parsed?.cardId;
    if (typeof id !== "string" || !/^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/.test(id)) return {};
    const revision = parsed?.revision;
    return typeof revision === "string" && CARD_REVISION.test(revision)
      ? { cardId: id, revision }
      : { cardId: id };
  } catch {
    return {};
  }
}

/** A card that is no longer editable, said plainly: the form was opened before someone else decided. */
function staleEdit(status: string): FormSubmitResult {
  return {
    result: result(
      textReply(
        `That answer was ${status} after you opened the form, so your edit was not saved. Type *answers* to see the cards as they are now.`,
      ),
    ),
  };
}

/**
 * Someone changed the card's text after this editor opened the form: nothing was saved. The reply says who (by
 * name only when the domain found one that may be shown), what the card says now, and gives the editor's own
 * answer back (contact details removed, as saving would have) so they can apply it again from a fresh form.
 * Clipped to a card's limits; the renderers split long text to each platform's block size.
 */
function changedMeanwhile(
  error: CardChangedError,
  typed: { question: string; answer: string },
): FormSubmitResult {
  const now = error.card;
  const who = error.changedBySelf
    ? "You changed this answer (in another window or an earlier submit)"
    : error.changedByName
      ? `${error.changedByName} changed this answer`
      : "Another editor changed this answer";
  const question = truncate(scrubText(typed.question.trim()), MAX_CARD_QUESTION);
  const answer = truncate(scrubText(typed.answer.trim()), MAX_CARD_ANSWER);
  return {
    result: result(
      blocksReply(
        [
          {
            type: "text",
            text: `${who} after you opened the form, so your edit was not saved. Your text is not lost: it is below.`,
          },
          { type: "heading", text: "The card now says" },
          {
            type: "text",
            text: `*${truncate(now.question, MAX_CARD_QUESTION)}*\n${truncate(now.answer, MAX_CARD_ANSWER)}`,
          },
          { type: "heading", text: "Your answer, as you typed it" },
          ...(question && question !== now.question
            ? [{ type: "text" as const, text: `Your question: ${question}` }]
            : []),
          { type: "text", text: answer || "(empty)" },
          {
            type: "context",
            text: "To apply your changes again, open the form on the card as it is now: press *Edit* on it (type *answers* to list the cards).",
          },
          { type: "actions", actions: [editCardAction(now)] },
        ],
        "private",
      ),
    ),
  };
}

/** The fields of the edit form, prefilled from the card (or from what was typed, when re-shown). */
function editFields(card: CommunityCard): FormField[] {
  return [
    {
      id: "question",
      label: "Question",
      kind: "text",
      required: true,
      maxLength: MAX_CARD_QUESTION,
      value: card.question,
    },
    {
      id: "answer",
      label: "Answer",
      kind: "textarea",
      required: true,
      maxLength: MAX_CARD_ANSWER,
      value: card.answer,
    },
    {
      id: "topic",
      label: "Topic",
      kind: "select",
      options: CATEGORIES.map((c) => ({ value: c.id, label: c.label })),
      ...(card.topic && isCategoryId(card.topic) ? { value: card.topic } : {}),
    },
    {
      id: "phrasings",
      label: "Other ways people ask it",
      kind: "textarea",
      // Slack's input limit (3,000): ten phrasings fit unless all ten are near the 300-character maximum.
      maxLength: 3_000,
      value: card.phrasings.join("\n"),
      hint: `One per line, at most ${MAX_PHRASINGS}.`,
    },
  ];
}

/** What an edit changed, in words, from the history lines it added. */
function describeEdit(before: CommunityCard, after: CommunityCard): string[] {
  const changed: string[] = [];
  if (after.question !== before.question) changed.push(`the question (now "${after.question}")`);
  if (after.answer !== before.answer) changed.push("the answer");
  if (after.topic !== before.topic)
    changed.push(
      `the topic (${before.topic ? categoryLabel(before.topic) : "none"} → ${after.topic ? categoryLabel(after.topic) : "none"})`,
    );
  if (after.phrasings.join("\n") !== before.phrasings.join("\n"))
    changed.push(`the other phrasings (${after.phrasings.length} now)`);
  return changed;
}

/** The "answer.edit" form: an editor changes a pending or approved card's question, answer, topic, phrasings. */
export const editAnswerForm: FormHandler = {
  async open(ctx, req) {
    if (!ctx.roles.isCoordinator(req.actor)) return { result: result(textReply(EDITORS_ONLY_EDIT)) };
    const id = req.prefill?.subject;
    const card = id ? await ctx.peer.community.get(id) : undefined;
    if (!card)
      return {
        result: result(textReply("That saved answer no longer exists. Type *answers* to see the cards.")),
      };
    if (card.status !== "pending" && card.status !== "approved")
      return {
        result: result(
          textReply(
            `That answer was ${card.status}, so it can't be edited. Type *answers* to see the cards as they are now.`,
          ),
        ),
      };
    const form: Form = {
      id: "answer.edit",
      title: "Edit saved answer",
      submitLabel: "Save changes",
      intro:
        card.status === "approved"
          ? "This answer is live: your changes answer the next question at once. Every change is kept in its history."
          : "Every change is kept in the card's history. Contact details are removed before saving.",
      fields: editFields(card),
      state: JSON.stringify({ cardId: card.id, revision: cardRevision(card) } satisfies EditState),
    };
    return { form };
  },

  async submit(ctx, req: FormSubmitRequest): Promise<FormSubmitResult> {
    // Checked here for a clear sentence; the domain refuses a forged submit (editor: false) on its own too.
    if (!ctx.roles.isCoordinator(req.actor)) return { result: result(textReply(EDITORS_ONLY_EDIT)) };
    const { cardId: id, revision } = editState(req.state);
    const before = id ? await ctx.peer.community.get(id) : undefined;
    if (!id || !before) return staleEdit("removed");
    const text = (field: string) => {
      const v = req.values[field];
      return Array.isArray(v) ? v.join("\n") : (v ?? "");
    };
    const topic = text("topic").trim();
    if (topic && !isCategoryId(topic)) return { errors: { topic: "Choose a topic from the list." } };
    try {
      const { card, removed } = await ctx.peer.community.edit(
        id,
        actorOf(ctx, req.actor),
        {
          question: text("question"),
          answer: text("answer"),
          ...(topic ? { topic } : {}),
          phrasings: text("phrasings").split("\n"),
        },
        revision ? { expectedRevision: revision } : {},
      );
      const changed = describeEdit(before, card);
      const lines = [
        changed.length
          ? `Saved: you changed ${changed.join(", ")}.${card.status === "approved" ? " It answers with the new text from now on." : ""}`
          : "Nothing changed: the card is as it was.",
        ...(removed.length
          ? [`I removed ${removed.join(", ")} before saving; the card's history records it.`]
          : []),
      ];
      return { result: result(textReply(lines.join(" "))) };
    } catch (error) {
      if (error instanceof CardNotEditableError) return staleEdit(error.status);
      if (error instanceof CardChangedError)
        return changedMeanwhile(error, { question: text("question"), answer: text("answer") });
      if (error instanceof NotFoundError) return staleEdit("removed");
      if (error instanceof CardInputError) return { errors: { [error.field ?? "answer"]: error.message } };
      if (error instanceof NotAllowedError) return { result: result(textReply(error.message)) };
      throw error;
    }
  },
};
