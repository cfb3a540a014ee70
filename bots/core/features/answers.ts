/**
 * Saving answers as community cards (issue 15): the "answer.propose" form (a Slack message shortcut, a Teams
 * message action, the playground) for ambassadors and editors, and for editors `answers` in chat, listing the
 * proposals waiting (Approve, Reject, Edit) and the approved cards (Edit); the "answer.edit" form an Edit
 * button opens is in answer-edit.ts. The rules (who may, duplicates, scrubbing, history) are the domain's (peer/community-cards.ts);
 * this module shows them.
 */
import { CardInputError, MAX_CARD_ANSWER, MAX_CARD_QUESTION } from "../../../peer/community-card-rules.ts";
import { NotAllowedError } from "../../../peer/errors.ts";
import { isAmbassadorUser } from "../../../peer/match-ambassadors.ts";
import type { Actor, CommunityCard } from "../../../peer/network-ports.ts";
import type { UserRef } from "../../../peer/ports.ts";
import { CATEGORIES, categoryLabel, isCategoryId } from "../../../peer/taxonomy.ts";
import {
  type ActionHandler,
  type CommandHandler,
  commandPrefix,
  type FeatureContext,
  type FormHandler,
  result,
} from "../feature.ts";
import {
  type Form,
  type FormOpenRequest,
  type FormSubmitRequest,
  type FormSubmitResult,
  formOpenValue,
} from "../forms.ts";
import { action, blocksReply, textReply } from "../replies.ts";
import type { CoreResult, Reply, ReplyBlock } from "../reply.ts";

/** How the actor appears to the domain: editors are coordinators (config/roles.ts). */
export function actorOf(ctx: FeatureContext, user: UserRef & { displayName?: string }): Actor {
  return {
    user: { platform: user.platform, userId: user.userId },
    ...(user.displayName ? { displayName: user.displayName } : {}),
    editor: ctx.roles.isCoordinator(user),
  };
}

const EDITORS_ONLY =
  "Only editors (the coordinators set in Pathfinder's configuration) can review saved answers.";

/** Refuses anyone who is not an editor, with a clear sentence. */
function requireEditor(ctx: FeatureContext, user: UserRef): void {
  if (!ctx.roles.isCoordinator(user)) throw new NotAllowedError(EDITORS_ONLY);
}

/** The Edit button of a card: opens the "answer.edit" form about it (adapters render it; bots/core/forms.ts). */
export function editCardAction(card: Pick<CommunityCard, "id">): ReturnType<typeof action> {
  return action("form.open", "Edit", formOpenValue("answer.edit", card.id));
}

/** One card as a list item with its buttons: Approve, Reject and Edit while pending; Edit once approved. */
function cardItem(card: CommunityCard): {
  title: string;
  detail: string;
  actions: ReturnType<typeof action>[];
} {
  const scrubbed = card.history.filter((h) => h.what.startsWith("scrubbed:")).map((h) => h.what);
  const detail = [
    card.answer,
    [
      card.topic ? categoryLabel(card.topic) : "no topic",
      card.authorName ? `by ${card.authorName}` : "author not named",
      card.phrasings.length ? `also asked as: ${card.phrasings.join("; ")}` : "",
      ...scrubbed.map((s) => s.replace(/^scrubbed:/, "removed:")),
      `id ${card.id}`,
    ]
      .filter(Boolean)
      .join(" · "),
  ].join("\n");
  return {
    title: card.question,
    detail,
    actions:
      card.status === "pending"
        ? [
            action("answers.approve", "Approve", card.id, "primary"),
            action("answers.reject", "Reject", card.id, "danger"),
            editCardAction(card),
          ]
        : [editCardAction(card)],
  };
}

/** Cards shown per section: a Slack message holds 50 blocks and each item can take two. */
const SHOWN_PER_SECTION = 10;

/** One section of the listing, with a pointer to the CLI when there are more than it shows. */
function cardSection(heading: string, cards: CommunityCard[]): ReplyBlock[] {
  const shown = cards.slice(0, SHOWN_PER_SECTION);
  return [
    { type: "heading", text: `${heading} (${cards.length})` },
    { type: "items", items: shown.map(cardItem) },
    ...(cards.length > shown.length
      ? [
          {
            type: "context" as const,
            text: `And ${cards.length - shown.length} more: \`pathfinder answers list\` shows all.`,
          },
        ]
      : []),
  ];
}

/** The proposals waiting for an editor, then the approved cards (editable), as a reply. */
export async function pendingAnswersReply(ctx: FeatureContext): Promise<Reply> {
  const [pending, approved] = await Promise.all([
    ctx.peer.community.list("pending"),
    ctx.peer.community.list("approved"),
  ]);
  if (pending.length === 0 && approved.length === 0)
    return textReply("No saved answers are waiting for review, and none are approved yet.");
  const blocks: ReplyBlock[] = [
    ...(pending.length > 0
      ? cardSection("Saved answers waiting for review", pending)
      : [{ type: "text" as const, text: "No saved answers are waiting for review." }]),
    ...(approved.length > 0 ? cardSection("Approved community answers", approved) : []),
  ];
  return blocksReply(blocks, "private", `Saved answers waiting for review (${pending.length})`);
}

export const answersCommand: CommandHandler = {
  helpLine: (p) => `*${p}answers*: (editors) review saved answers: approve, edit, reject or remove them`,
  async run(ctx, req, { args }) {
    requireEditor(ctx, req.actor);
    const [verb = "", id = ""] = args.split(/\s+/);
    const actor = actorOf(ctx, req.actor);
    if (verb === "approve" && id) return decided(await ctx.peer.community.approve(id, actor));
    if (verb === "reject" && id) return decided(await ctx.peer.community.reject(id, actor));
    if (verb === "remove" && id) return decided(await ctx.peer.community.remove(id, actor));
    if (verb && verb !== "list") {
      const p = commandPrefix(req.actor.platform);
      return result(textReply(`Try *${p}answers*, or *${p}answers approve|reject|remove <id>*.`));
    }
    return result(await pendingAnswersReply(ctx));
  },
};

function decided(card: CommunityCard): CoreResult {
  const what =
    card.status === "approved"
      ? "Approved: it now answers questions like it, cited as a community answer."
      : card.status === "rejected"
        ? "Rejected: it won't answer questions."
        : "Removed: it no longer answers questions.";
  return result(textReply(`"${card.question}": ${what}`));
}

function decide(kind: "approve" | "reject"): ActionHandler {
  return async (ctx, req) => {
    requireEditor(ctx, req.actor);
    const actor = actorOf(ctx, req.actor);
    const card =
      kind === "approve"
        ? await ctx.peer.community.approve(req.value, actor)
        : await ctx.peer.community.reject(req.value, actor);
    return decided(card);
  };
}

export const approveAnswerAction: ActionHandler = decide("approve");
export const rejectAnswerAction: ActionHandler = decide("reject");

/** What the form carries between opening and submitting (adapters hand it back unchanged). */
interface ProposeState {
  questionId?: string;
}

function parseState(state: string | undefined): ProposeState {
  if (!state) return {};
  try {
    const parsed = JSON.parse(state) as unknown;
    const id = (parsed as { questionId?: unknown } | null)?.questionId;
    return typeof id === "string" && /^[0-9a-f]{16}$/.test(id) ? { questionId: id } : {};
  } catch {
    return {};
  }
}

async function mayPropose(ctx: FeatureContext, user: UserRef): Promise<boolean> {
  if (ctx.roles.isCoordinator(user)) return true;
  return (await ctx.peer.ambassadors.list()).some((a) => isAmbassadorUser(a, user));
}

const NOT_AMBASSADOR =
  "Only ambassadors and editors can save answers to Pathfinder. Ask a coordinator to add you to the ambassador directory.";

/** The question a saved answer belongs to: the open question whose thread the message is in, when it is one. */
function threadPlace(req: FormOpenRequest) {
  const platform = req.actor.platform;
  const conversationId = req.prefill?.conversationId ?? req.conversation.id;
  const threadId = req.prefill?.threadId ?? req.conversation.threadId;
  if ((platform !== "slack" && platform !== "teams") || !conversationId || !threadId) return undefined;
  return { platform, conversationId, threadId } as const;
}

/** The "answer.propose" form. */
export const proposeAnswerForm: FormHandler = {
  async open(ctx, req) {
    if (!(await mayPropose(ctx, req.actor))) return { result: result(textReply(NOT_AMBASSADOR)) };
    const place = threadPlace(req);
    const question = place ? await ctx.peer.network.questionForThread(place) : undefined;
    const answer = (req.prefill?.answer ?? "").slice(0, MAX_CARD_ANSWER);
    const form: Form = {
      id: "answer.propose",
      title: "Save answer to Pathfinder",
      submitLabel: "Save for review",
      intro:
        "An editor reviews it before it answers anyone. Contact details are removed; you're named only if you tick the box.",
      fields: [
        {
          id: "question",
          label: "Question",
          kind: "text",
          required: true,
          maxLength: MAX_CARD_QUESTION,
          ...(question ? { value: question.text.slice(0, MAX_CARD_QUESTION) } : {}),
        },
        {
          id: "answer",
          label: "Answer",
          kind: "textarea",
          required: true,
          maxLength: MAX_CARD_ANSWER,
          value: answer,
        },
        {
          id: "topic",
          label: "Topic",
          kind: "select",
          options: CATEGORIES.map((c) => ({ value: c.id, label: c.label })),
          ...(question?.topic ? { value: question.topic } : {}),
        },
        {
          id: "phrasings",
          label: "Other ways people ask it",
          kind: "textarea",
          maxLength: 2_000,
          hint: "One per line (optional).",
        },
        { id: "nameMe", label: "Name me as the author", kind: "checkbox" },
      ],
      ...(question ? { state: JSON.stringify({ questionId: question.id } satisfies ProposeState) } : {}),
    };
    return { form };
  },

  async submit(ctx, req: FormSubmitRequest): Promise<FormSubmitResult> {
    const text = (id: string) => {
      const v = req.values[id];
      return Array.isArray(v) ? v.join("\n") : (v ?? "");
    };
    const topic = text("topic").trim();
    if (topic && !isCategoryId(topic)) return { errors: { topic: "Choose a topic from the list." } };
    const nameValue = req.values.nameMe;
    const nameMe = Array.isArray(nameValue)
      ? nameValue.length > 0
      : ["true", "on", "yes", "nameMe"].includes(nameValue ?? "");
    const { questionId } = parseState(req.state);
    try {
      const { card, removed } = await ctx.peer.community.propose({
        actor: actorOf(ctx, req.actor),
        question: text("question"),
        answer: text("answer"),
        ...(topic ? { topic } : {}),
        phrasings: text("phrasings").split("\n"),
        nameMe,
        ...(questionId ? { questionId } : {}),
      });
      const note = removed.length
        ? ` I removed ${removed.join(", ")} before saving; the editor sees that too.`
        : "";
      return {
        result: result(
          textReply(
            `Saved for review: an editor approves it before it answers anyone${card.authorName ? `, credited to ${card.authorName}` : ", without your name"}.${note}`,
          ),
        ),
      };
    } catch (error) {
      if (error instanceof CardInputError) return { errors: { [error.field ?? "answer"]: error.message } };
      if (error instanceof NotAllowedError) return { result: result(textReply(error.message)) };
      throw error;
    }
  },
};

// ---------------------------------------------------------------------------------------------
// Editing a card (issue 15: "Editors approve, edit or reject proposals from App Home, a Teams card, the
// playground or the CLI"). The Edit button is a "form.open" whose value names the card; the adapters that
// render forms pass it to openForm as `prefill.subject`.
