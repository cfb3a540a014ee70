/**
 * The playground's Network tab, the ambassadors' channel (issue 15): the local server plays the ambassadors' place, so one
 * person can try the whole loop in a browser. The asker's side runs in the Chat tab through core as usual; here
 * the playground makes itself the ambassadors' place, lists the open questions, answers one as an ambassador from
 * the directory (through core, exactly as a reply in a Slack thread would), saves the answer with core's
 * "answer.propose" form, and approves, rejects or edits (core's "answer.edit" form) cards as an editor (the
 * playground's operator holds the admin token and the table, like the CLI). The answerer's "Name me" is pressed
 * in the page through /api/action acting as the ambassador who answered (web/network.js), so the answer here is
 * recorded under that same identity: the domain's "only the answerer can name themselves" check holds as is.
 */
import { randomUUID } from "node:crypto";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Pathfinder } from "../app/types.ts";
import { createCore } from "../bots/core/create-core.ts";
import type { FormOpenResult, FormSubmitResult } from "../bots/core/forms.ts";
import type { Reply } from "../bots/core/reply.ts";
import { loadRoles, type Roles } from "../config/roles.ts";
import { NotFoundError } from "../peer/errors.ts";
import type { Actor, CommunityCard } from "../peer/network-ports.ts";
import type { Ambassador } from "../peer/ports.ts";
import { HttpError, readJsonObject, sendJson, stringField } from "./http-io.ts";

/**
 * The playground's ambassadors' place. It is stored as a Slack place because core routes thread answers only
 * from chat platforms; the id is not a Slack channel id, so the Slack adapter never posts there (deliver.ts).
 */
export const PLAYGROUND_PLACE = { platform: "slack", conversationId: "playground-ambassadors" } as const;

/** The editor the playground acts as (its operator): named in each card's history. */
const PLAYGROUND_EDITOR: Actor = { user: { platform: "web", userId: "playground-editor" }, editor: true };

const MAX_ANSWER_CHARS = 4000;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

/** A card as the Network tab lists it. */
export type NetworkCard = Pick<
  CommunityCard,
  "id" | "question" | "answer" | "topic" | "authorName" | "createdAt" | "phrasings"
>;

/** What the Ambassadors' channel view shows. */
export interface NetworkView {
  placeSet: boolean;
  questions: { id: string; text: string; topic: string; status: string; waitingDays: number }[];
  pending: NetworkCard[];
  /** Approved cards (they answer questions now): editable. */
  approved: NetworkCard[];
  ambassadors: { id: string; displayName: string }[];
}

function listedCard({
  id,
  question,
  answer,
  topic,
  authorName,
  createdAt,
  phrasings,
}: CommunityCard): NetworkCard {
  return { id, question, answer, topic, createdAt, phrasings, ...(authorName ? { authorName } : {}) };
}

/**
 * The configured roles, plus the playground's operator as an editor. Core's editor check reads roles from
 * PATHFINDER_COORDINATORS, which names only Slack and Teams ids; the operator already approves and rejects here
 * (they hold the admin token and the table, like the CLI), so they may open and submit the edit form too.
 */
function operatorRoles(base: Roles): Roles {
  const { platform, userId } = PLAYGROUND_EDITOR.user;
  return {
    ...base,
    isCoordinator: (user) =>
      (user.platform === platform && user.userId === userId) || base.isCoordinator(user),
  };
}

function requiredId(body: Record<string, unknown>, name: string, what: string): string {
  const value = stringField(body, name)?.trim();
  if (!value || !ID.test(value)) throw new HttpError(400, `${what} is missing or malformed.`);
  return value;
}

/** The ambassador as a chat platform knows them: core routes thread answers and forms from Slack or Teams. */
function chatActor(ambassador: Ambassador) {
  if (ambassador.slackUserId)
    return {
      platform: "slack" as const,
      userId: ambassador.slackUserId,
      displayName: ambassador.displayName,
    };
  if (ambassador.teamsUserId)
    return {
      platform: "teams" as const,
      userId: ambassador.teamsUserId,
      displayName: ambassador.displayName,
    };
  return undefined;
}

/**
 * The thread the playground "posted" a question in, on the answerer's platform: core tracks threads per
 * platform, and an answer is recorded under the answerer's own identity (Teams-only sample ambassadors
 * included), the identity /api/action's "Acting as" gives them when they press Name me.
 */
function threadOf(questionId: string, platform: "slack" | "teams" = PLAYGROUND_PLACE.platform) {
  return { ...PLAYGROUND_PLACE, platform, threadId: `playground-${questionId}` };
}

/** The text of direct messages in an outbox: what the asker receives. */
function directTexts(outbox: { kind: string; reply: Reply }[]): Reply[] {
  return outbox.filter((o) => o.kind === "direct").map((o) => o.reply);
}

/** A submitted form's values: strings and lists of strings only. */
function formValues(body: Record<string, unknown>): Record<string, string | string[] | undefined> {
  const raw = body.values;
  if (typeof raw !== "object" || raw === null || Array.isArray(raw))
    throw new HttpError(400, "The form's values are missing.");
  const values: Record<string, string | string[] | undefined> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (typeof value === "string" || (Array.isArray(value) && value.every((v) => typeof v === "string")))
      values[key] = value as string | string[];
  }
  return values;
}

/** Builds the routes; `handle` answers a request under /api/network and returns false for any other path. */
export function createNetworkApi(pathfinder: Pathfinder) {
  const { core, peer } = pathfinder;
  /**
   * Core as the playground's operator reaches it for the edit form: the same features over the same services,
   * with the operator counted an editor. Used for forms only (it is never asked questions), so the knowledge
   * base it holds is only there to satisfy the type.
   */
  let editorCore: ReturnType<typeof createCore> | undefined;
  const editing = () => {
    editorCore ??= createCore({
      knowledge: pathfinder.knowledge,
      peer,
      digest: pathfinder.digest,
      roles: operatorRoles(loadRoles(process.env)),
    });
    return editorCore;
  };

  async function ambassadorActor(body: Record<string, unknown>) {
    const id = requiredId(body, "ambassadorId", "The ambassador");
    const ambassador = await peer.ambassadors.get(id);
    if (!ambassador) throw new HttpError(404, "No ambassador with that id: add them in the Ambassadors tab.");
    const actor = chatActor(ambassador);
    if (!actor)
      throw new HttpError(400, `${ambassador.displayName} has no Slack or Teams id to answer with.`);
    return actor;
  }

  async function view(): Promise<NetworkView> {
    const [places, gaps, pending, approved, ambassadors] = await Promise.all([
      peer.subscriptions.list("ambassadors"),
      peer.network.gaps(),
      peer.community.list("pending"),
      peer.community.list("approved"),
      peer.ambassadors.list(),
    ]);
    return {
      placeSet: places.some(
        (p) =>
          p.platform === PLAYGROUND_PLACE.platform && p.conversationId === PLAYGROUND_PLACE.conversationId,
      ),
      questions: gaps.flatMap((g) => g.questions.map((q) => ({ ...q, topic: g.topic }))),
      pending: pending.map(listedCard),
      approved: approved.map(listedCard),
      ambassadors: ambassadors
        .filter((a) => chatActor(a))
        .map((a) => ({ id: a.id, displayName: a.displayName })),
    };
  }

  async function answer(body: Record<string, unknown>) {
    const actor = await ambassadorActor(body);
    const questionId = requiredId(body, "questionId", "The question");
    const text = stringField(body, "text")?.trim() ?? "";
    if (!text) throw new HttpError(400, "Write an answer first.");
    if (text.length > MAX_ANSWER_CHARS)
      throw new HttpError(400, `Answers are up to ${MAX_ANSWER_CHARS} characters; nothing was stored.`);
    if (!(await peer.network.get(questionId))) throw new HttpError(404, "No open question with that id.");
    const thread = threadOf(questionId, actor.platform);
    // The playground "posted" the question here: the same record an adapter makes with Core.handlePosted.
    await peer.network.recordPost(questionId, thread);
    const result = await core.handleMessage({
      actor,
      text,
      conversation: { id: thread.conversationId, kind: "channel", threadId: thread.threadId },
      eventId: `web:network:${randomUUID()}`,
      mode: "chat",
    });
    return { replies: result.replies, toAsker: directTexts(result.outbox) };
  }

  async function openForm(body: Record<string, unknown>): Promise<FormOpenResult> {
    const actor = await ambassadorActor(body);
    const questionId = requiredId(body, "questionId", "The question");
    const thread = threadOf(questionId, actor.platform);
    if (await peer.network.get(questionId)) await peer.network.recordPost(questionId, thread);
    return core.openForm({
      actor,
      formId: "answer.propose",
      prefill: {
        answer: stringField(body, "answer") ?? "",
        conversationId: thread.conversationId,
        threadId: thread.threadId,
      },
      conversation: { id: thread.conversationId, kind: "channel", threadId: thread.threadId },
      eventId: `web:form:${randomUUID()}`,
    });
  }

  async function submitForm(body: Record<string, unknown>): Promise<FormSubmitResult> {
    const actor = await ambassadorActor(body);
    const state = stringField(body, "state");
    return core.submitForm({
      actor,
      formId: "answer.propose",
      values: formValues(body),
      ...(state !== undefined ? { state } : {}),
      conversation: { id: PLAYGROUND_PLACE.conversationId, kind: "channel" },
      eventId: `web:form:${randomUUID()}`,
    });
  }

  /** The playground's operator opens core's edit form for a card. */
  function openEdit(cardId: string): Promise<FormOpenResult> {
    return editing().openForm({
      actor: PLAYGROUND_EDITOR.user,
      formId: "answer.edit",
      prefill: { subject: cardId },
      conversation: { id: PLAYGROUND_EDITOR.user.userId, kind: "personal" },
      eventId: `web:edit:${randomUUID()}`,
    });
  }

  /** The operator submits it: core checks the fields and the domain keeps the history. */
  function submitEdit(body: Record<string, unknown>): Promise<FormSubmitResult> {
    const state = stringField(body, "state");
    return editing().submitForm({
      actor: PLAYGROUND_EDITOR.user,
      formId: "answer.edit",
      values: formValues(body),
      ...(state !== undefined ? { state } : {}),
      conversation: { id: PLAYGROUND_EDITOR.user.userId, kind: "personal" },
      eventId: `web:edit:${randomUUID()}`,
    });
  }

  async function decide(id: string, verdict: "approve" | "reject") {
    try {
      const card = await (verdict === "approve"
        ? peer.community.approve(id, PLAYGROUND_EDITOR)
        : peer.community.reject(id, PLAYGROUND_EDITOR));
      return { id: card.id, status: card.status };
    } catch (error) {
      if (error instanceof NotFoundError) throw new HttpError(404, "No proposal with that id.");
      throw error;
    }
  }

  return {
    async handle(req: IncomingMessage, res: ServerResponse, method: string, path: string): Promise<boolean> {
      if (!path.startsWith("/api/network")) return false;
      switch (`${method} ${path}`) {
        case "GET /api/network":
          sendJson(res, 200, await view());
          return true;
        case "POST /api/network/place":
          sendJson(
            res,
            200,
            await peer.subscriptions.subscribe({
              ...PLAYGROUND_PLACE,
              kind: "ambassadors",
              by: PLAYGROUND_EDITOR.user,
            }),
          );
          return true;
        case "POST /api/network/answer":
          sendJson(res, 200, await answer(await readJsonObject(req)));
          return true;
        case "POST /api/network/form":
          sendJson(res, 200, await openForm(await readJsonObject(req)));
          return true;
        case "POST /api/network/form/submit":
          sendJson(res, 200, await submitForm(await readJsonObject(req)));
          return true;
        case "POST /api/network/edit/submit":
          sendJson(res, 200, await submitEdit(await readJsonObject(req)));
          return true;
      }
      const edit = /^\/api\/network\/cards\/([A-Za-z0-9_-]{1,64})\/edit$/.exec(path);
      if (method === "POST" && edit?.[1]) {
        sendJson(res, 200, await openEdit(edit[1]));
        return true;
      }
      const card = /^\/api\/network\/cards\/([A-Za-z0-9_-]{1,64})\/(approve|reject)$/.exec(path);
      if (method === "POST" && card?.[1] && (card[2] === "approve" || card[2] === "reject")) {
        sendJson(res, 200, await decide(card[1], card[2]));
        return true;
      }
      throw new HttpError(404, `No such API: ${method} ${path}`);
    },
  };
}

export type NetworkApi = ReturnType<typeof createNetworkApi>;
