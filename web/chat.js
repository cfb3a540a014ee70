// The chat tab: sends messages and button presses to the core and renders the reply model as HTML.
import { api, randomId, userId } from "./api.js";
import { $, citationByline, citationUrl, el, richText } from "./dom.js";

let replyCounter = 0;

// ---------------------------------------------------------------------------------------------
// Acting as (issue 17.8): the page plays the practitioner (this browser's web user) or any ambassador
// who can be reached (a Slack or Teams id), so an introduction can be requested, accepted and seen
// locally. Each identity keeps its own conversation; messages Pathfinder sends to an identity
// (the outbox) wait in its inbox until the page switches to it.

/** The identity the page acts as: "" for the practitioner, else an ambassador id. */
let actingAs = "";
/** Ambassadors the page can act as: id -> { label, userId (where introductions reach them) }. */
const ambassadorsById = new Map();
/** Each identity's conversation while another is shown: identity -> DocumentFragment. */
const conversations = new Map();
/** Messages for identities not shown: identity -> [{ reply, from }]. */
const inboxes = new Map();

function actingBody() {
  return actingAs ? { userId: userId(), actingAs } : { userId: userId() };
}

/** The identity a platform user id stands for here ("" for this browser's practitioner). */
function identityOf(platformUserId) {
  if (platformUserId === userId()) return "";
  for (const [id, a] of ambassadorsById) if (a.userId === platformUserId) return id;
  return undefined;
}

/**
 * Where introductions from a web practitioner reach an ambassador: their Slack id, else their Teams id, as
 * peer/introductions.ts's ambassadorContact decides for an asker on the web.
 */
function contactOf(a) {
  return a.slackUserId || a.teamsUserId || undefined;
}

/** Refreshes the "Acting as" choices from the directory (people may have been added or removed). */
export async function loadActingAs() {
  const { ambassadors } = await api("GET", "/api/ambassadors");
  ambassadorsById.clear();
  const select = $("#acting-as");
  const options = [el("option", { value: "" }, "You, a practitioner")];
  for (const a of ambassadors) {
    const contact = contactOf(a);
    if (!contact) continue; // no introduction can reach them, so there is nothing to play
    ambassadorsById.set(a.id, { label: a.label ?? a.displayName, userId: contact });
    options.push(el("option", { value: a.id }, `${a.label ?? a.displayName}, ambassador`));
  }
  select.replaceChildren(...options);
  if (actingAs && !ambassadorsById.has(actingAs)) await switchTo("");
  select.value = actingAs;
}

function labelOf(identity) {
  return identity ? (ambassadorsById.get(identity)?.label ?? identity) : "You, a practitioner";
}

/** Files each outbox message under the identities it is for, when the page can act as them. */
function deliver(outbox) {
  for (const message of outbox ?? []) {
    const to = message.kind === "group" ? message.userIds : [message.to?.userId];
    for (const platformUserId of to) {
      const identity = identityOf(platformUserId);
      if (identity === undefined || identity === actingAs) continue;
      const queue = inboxes.get(identity) ?? [];
      queue.push({ reply: message.reply, from: labelOf(actingAs) });
      inboxes.set(identity, queue);
    }
  }
}

async function switchTo(identity) {
  if (identity === actingAs) return;
  const conversation = $("#conversation");
  const kept = document.createDocumentFragment();
  kept.append(...conversation.childNodes);
  conversations.set(actingAs, kept);
  const restored = conversations.get(identity);
  conversation.replaceChildren(...(restored ? [restored] : []));
  conversations.delete(identity);
  actingAs = identity;
  $("#acting-as").value = identity;
  conversation.setAttribute("aria-label", `Conversation with Pathfinder, as ${labelOf(identity)}`);
  for (const { reply, from } of inboxes.get(identity) ?? []) {
    addTurn(
      "bot",
      el(
        "div",
        { class: "delivered" },
        el("p", { class: "context" }, `New message (after ${from}):`),
        renderReply(reply),
      ),
    );
  }
  inboxes.delete(identity);
  // An ambassador's first look is what waits for them: the command ambassadors use in Slack and Teams.
  if (identity) await send("my introductions");
}

function actionButton(action) {
  return el(
    "button",
    {
      type: "button",
      class: action.style === "primary" ? "primary" : action.style === "danger" ? "danger" : undefined,
      "data-action-id": action.id,
      "data-value": action.value,
    },
    action.label,
  );
}

function renderActions(actions, replyId) {
  const sameId = actions.length > 4 && actions.every((a) => a.id === actions[0].id);
  if (sameId) {
    // A long list of one choice (e.g. "correct the category") reads better as a select and one button.
    const selectId = `${replyId}-choice`;
    const select = el(
      "select",
      { id: selectId },
      actions.map((a) => el("option", { value: a.value }, a.label)),
    );
    return el(
      "div",
      { class: "actions choice" },
      el("label", { for: selectId }, actions[0].id === "blocker.correct" ? "Correct the category" : "Choose"),
      select,
      el(
        "button",
        { type: "button", "data-action-id": actions[0].id, "data-value-from": selectId },
        "Change",
      ),
    );
  }
  return el("div", { class: "actions" }, actions.map(actionButton));
}

function renderBlock(block, replyId) {
  switch (block.type) {
    case "text":
      return el("p", {}, richText(block.text, `${replyId}-c`));
    case "heading":
      return el("h3", { text: block.text });
    case "citations":
      return el(
        "div",
        { class: "citations" },
        el("p", { class: "citations-title" }, "Sources"),
        el(
          "ol",
          {},
          block.citations.map((c) =>
            el(
              "li",
              { value: c.n },
              el(
                "details",
                // The layer (article, guide, document, community) is kept for styling and tests.
                { id: `${replyId}-c-${c.n}`, "data-kind": c.kind },
                el(
                  "summary",
                  {},
                  el("span", { class: "cite-n" }, `[${c.n}]`),
                  " ",
                  el("strong", { text: c.title || "Untitled source" }),
                  citationByline(c) ? el("span", { class: "cite-source" }, ` — ${citationByline(c)}`) : null,
                ),
                c.quote ? el("blockquote", {}, c.quote) : null,
                // The link sits below the summary so opening the quote never navigates away.
                citationUrl(c)
                  ? el(
                      "p",
                      { class: "cite-link" },
                      el(
                        "a",
                        { href: citationUrl(c), target: "_blank", rel: "noreferrer noopener" },
                        "Read the source",
                      ),
                    )
                  : null,
              ),
            ),
          ),
        ),
      );
    case "items":
      return el(
        "ul",
        { class: "items" },
        block.items.map((item) =>
          el(
            "li",
            {},
            el("p", { class: "item-title" }, richText(item.title)),
            item.detail ? el("p", { class: "item-detail" }, richText(item.detail)) : null,
            item.actions?.length
              ? renderActions(item.actions, `${replyId}-i${Math.random().toString(36).slice(2, 7)}`)
              : null,
          ),
        ),
      );
    case "context":
      return el("p", { class: "context" }, richText(block.text));
    case "actions":
      return renderActions(block.actions, replyId);
    default:
      return null;
  }
}

export function renderReply(reply) {
  const replyId = `r${++replyCounter}`;
  const article = el(
    "article",
    {
      class: `reply ${reply.visibility === "private" ? "private" : ""}`,
      id: replyId,
      "aria-label": "Pathfinder's reply",
    },
    reply.visibility === "private" ? el("p", { class: "visibility" }, "Only you can see this") : null,
    reply.blocks.map((b) => renderBlock(b, replyId)),
    reply.aiGenerated
      ? el("p", { class: "context" }, "AI-generated from the cited articles: check the sources.")
      : null,
  );
  if (reply.blocks.length === 0) article.append(el("p", {}, richText(reply.text)));
  return article;
}

function renderOutbox(outbox) {
  if (!outbox?.length) return null;
  return el(
    "div",
    { class: "outbox" },
    el("p", { class: "context" }, "Pathfinder also sent these messages to other people:"),
    outbox.map((o) =>
      el(
        "div",
        { class: "outbox-item" },
        el(
          "p",
          { class: "context" },
          o.kind === "direct"
            ? `To ${o.to.platform} user ${o.to.userId}:`
            : `A group conversation on ${o.platform}:`,
        ),
        renderReply(o.reply),
      ),
    ),
  );
}

function addTurn(who, content) {
  const you = actingAs ? `You, as ${labelOf(actingAs)}` : "You";
  const li = el(
    "li",
    { class: `turn ${who}` },
    el("p", { class: "who" }, who === "you" ? you : "Pathfinder"),
    content,
  );
  $("#conversation").append(li);
  li.scrollIntoView({ block: "nearest" });
  return li;
}

function showResult(result) {
  const content = el("div", {}, result.replies.map(renderReply), renderOutbox(result.outbox));
  addTurn("bot", content);
  deliver(result.outbox);
}

async function send(text) {
  addTurn("you", el("p", {}, text));
  const pending = addTurn("bot", el("p", { class: "pending" }, "Thinking…"));
  try {
    const result = await api("POST", "/api/chat", { text, ...actingBody(), requestId: randomId() });
    pending.remove();
    showResult(result);
  } catch (error) {
    pending.remove();
    addTurn("bot", el("p", { class: "error", role: "alert" }, error.message));
  }
}

async function press(button) {
  const actionId = button.dataset.actionId;
  const from = button.dataset.valueFrom;
  const value = from ? document.getElementById(from).value : button.dataset.value;
  const label = from ? document.getElementById(from).selectedOptions[0]?.textContent : button.textContent;
  // Feedback and one-off choices are pressed once: a double click sends nothing twice.
  const group = button.closest(".actions");
  if (actionId.startsWith("feedback.")) {
    // Show which rating was chosen: the pressed one is marked (✓, hidden from screen readers, which
    // hear aria-pressed), the other is marked not pressed. Neither carries aria-pressed before a press.
    for (const b of group.querySelectorAll("button[data-action-id^='feedback.']")) {
      b.disabled = true;
      b.setAttribute("aria-pressed", b === button ? "true" : "false");
    }
    button.prepend(el("span", { "aria-hidden": "true" }, "✓ "));
  }
  button.disabled = true;
  addTurn("you", el("p", { class: "pressed" }, `Pressed “${label}”`));
  try {
    showResult(await api("POST", "/api/action", { actionId, value, ...actingBody(), requestId: randomId() }));
  } catch (error) {
    button.disabled = false;
    addTurn("bot", el("p", { class: "error", role: "alert" }, error.message));
  } finally {
    if (!actionId.startsWith("feedback.") && !actionId.endsWith(".choose")) button.disabled = false;
  }
}

export function setUpChat() {
  $("#acting-as").addEventListener("change", (event) => void switchTo(event.currentTarget.value));
  const form = $("#chat-form");
  const textarea = $("#chat-text");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const text = textarea.value.trim();
    if (!text) {
      textarea.focus();
      return;
    }
    textarea.value = "";
    void send(text);
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      form.requestSubmit();
    }
  });
  for (const chip of document.querySelectorAll("[data-example]")) {
    chip.addEventListener("click", () => {
      textarea.value = chip.dataset.example;
      form.requestSubmit();
    });
  }
  $("#conversation").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action-id]");
    if (button) void press(button);
  });
}
