// The Network tab, the ambassadors' channel (issue 15): the playground plays the ambassadors' place. Open questions sent from
// the Chat tab ("Ask the ambassadors") appear here; answer one as an ambassador (the asker is told, as in Slack or
// Teams), save an answer as a card with core's own form (rendered generically from its fields), and approve or
// reject proposals as an editor, and edit pending or approved cards with core's "answer.edit" form. Every action goes
// through local/network-api.ts (or /api/action) to the same core the bots use.
import { ApiError, api, randomId, userId } from "./api.js";
import { renderReply } from "./chat.js";
import { $, el } from "./dom.js";

let view = { placeSet: false, questions: [], pending: [], approved: [], ambassadors: [] };
/** The form being filled: { form, kind: "propose" | "edit" }. */
let open = null;

function say(...content) {
  const box = $("#network-outcome");
  box.replaceChildren(...content);
  box.hidden = false;
}

function failed(error) {
  say(el("p", { class: "error" }, error instanceof ApiError ? error.message : String(error)));
}

function answerAs() {
  return $("#network-as").value;
}

function renderQuestion(q) {
  const answerId = `network-answer-${q.id}`;
  return el(
    "li",
    { class: "network-question", "data-question": q.id },
    el("p", {}, el("strong", {}, q.text)),
    el(
      "p",
      { class: "context" },
      q.status === "open"
        ? `Open, waiting ${q.waitingDays} day(s)`
        : `Answered after ${q.waitingDays} day(s)`,
    ),
    el("label", { for: answerId }, "Your answer, as the ambassador"),
    el("textarea", { id: answerId, rows: 3, maxlength: 4000 }),
    el(
      "div",
      { class: "form-actions" },
      el(
        "button",
        { type: "button", class: "primary", onclick: () => sendAnswer(q.id, answerId) },
        "Answer in the thread",
      ),
      el("button", { type: "button", onclick: () => openForm(q.id, answerId) }, "Save as a card"),
    ),
  );
}

function renderCard(card, buttons) {
  return el(
    "li",
    { class: "network-card", "data-card": card.id },
    el("p", {}, el("strong", {}, card.question)),
    el("p", {}, card.answer),
    el(
      "p",
      { class: "context" },
      [
        card.authorName ? `By ${card.authorName}` : "Author not named",
        card.createdAt.slice(0, 10),
        card.phrasings?.length ? `Also asked as: ${card.phrasings.join("; ")}` : "",
      ]
        .filter(Boolean)
        .join(" · "),
    ),
    el("div", { class: "form-actions" }, ...buttons),
  );
}

function editButton(card) {
  return el("button", { type: "button", onclick: () => openEdit(card.id) }, "Edit");
}

function renderPending(card) {
  return renderCard(card, [
    el("button", { type: "button", class: "primary", onclick: () => decide(card.id, "approve") }, "Approve"),
    el("button", { type: "button", onclick: () => decide(card.id, "reject") }, "Reject"),
    editButton(card),
  ]);
}

function renderApproved(card) {
  return renderCard(card, [editButton(card)]);
}

function render() {
  $("#network-place").hidden = view.placeSet;
  $("#network-place-status").textContent = view.placeSet
    ? "The playground is the ambassadors' place: questions sent from the Chat tab appear below."
    : "Questions go to the ambassadors' place once one is set.";
  const as = $("#network-as");
  const chosen = as.value;
  as.replaceChildren(...view.ambassadors.map((a) => el("option", { value: a.id }, a.displayName)));
  if (chosen) as.value = chosen;
  $("#network-no-ambassadors").hidden = view.ambassadors.length > 0;
  const open = view.questions;
  $("#network-questions").replaceChildren(
    ...(open.length ? open.map(renderQuestion) : [el("li", { class: "hint" }, "No open questions yet.")]),
  );
  $("#network-pending").replaceChildren(
    ...(view.pending.length
      ? view.pending.map(renderPending)
      : [el("li", { class: "hint" }, "Nothing waiting for review.")]),
  );
  $("#network-approved").replaceChildren(
    ...(view.approved.length
      ? view.approved.map(renderApproved)
      : [el("li", { class: "hint" }, "No approved answers yet.")]),
  );
}

/** Loads the channel's state (called when the tab is shown). */
export async function loadNetwork() {
  view = await api("GET", "/api/network");
  render();
}

/** What the asker was sent (direct messages in an outbox), labelled. */
function toAskerView(replies) {
  return replies.map((reply) =>
    el("div", {}, el("p", { class: "context" }, "The asker received:"), renderReply(reply)),
  );
}

async function sendAnswer(questionId, answerId) {
  const ambassadorId = answerAs();
  try {
    const out = await api("POST", "/api/network/answer", {
      questionId,
      ambassadorId,
      text: $(`#${answerId}`).value,
    });
    // The answerer's own reply carries "Name me": it is pressed acting as them (see pressAsAnswerer).
    const theirs = el("div", { "data-acting-as": ambassadorId }, ...out.replies.map(renderReply));
    // Lists first, outcome second: the outcome appearing means the lists (and their text boxes) are settled, so
    // nothing typed after it is wiped by a late re-render.
    await loadNetwork();
    say(el("p", {}, "Answered in the thread."), ...toAskerView(out.toAsker), theirs);
  } catch (error) {
    failed(error);
  }
}

// ---------------------------------------------------------------------------------------------
// Core's form, rendered generically from its fields (the Slack modal and the Teams card show the same form).

function fieldInput(field, id) {
  const value = field.value;
  const common = { id, name: field.id, ...(field.required ? { required: true } : {}) };
  switch (field.kind) {
    case "textarea":
      return el("textarea", { ...common, rows: 4, maxlength: field.maxLength }, value ?? "");
    case "select":
    case "multiselect":
      return el(
        "select",
        { ...common, ...(field.kind === "multiselect" ? { multiple: true } : {}) },
        field.kind === "select" ? el("option", { value: "" }, "Choose…") : null,
        (field.options ?? []).map((o) =>
          el("option", { value: o.value, selected: [value].flat().includes(o.value) }, o.label),
        ),
      );
    case "checkbox":
      return el("input", { ...common, type: "checkbox", checked: value === "true" });
    case "number":
      return el("input", { ...common, type: "number", value });
    case "date":
      return el("input", { ...common, type: "date", value });
    default:
      return el("input", { ...common, type: "text", maxlength: field.maxLength, value });
  }
}

function renderForm(form, errors = {}) {
  const box = $("#network-form");
  const ids = new Set(form.fields.map((f) => f.id));
  const general = Object.entries(errors).filter(([id]) => !ids.has(id));
  // replaceChildren takes nodes only: the optional parts and the field list are flattened first.
  const children = [
    el("h3", { id: "network-form-title" }, form.title),
    form.intro ? el("p", { class: "hint" }, form.intro) : null,
    general.length || Object.keys(errors).length
      ? el(
          "div",
          { class: "error-summary", role: "alert", tabindex: -1 },
          el("p", {}, el("strong", {}, "Please check the form:")),
          el(
            "ul",
            {},
            Object.entries(errors).map(([id, message]) =>
              el("li", {}, `${form.fields.find((f) => f.id === id)?.label ?? "Form"}: ${message}`),
            ),
          ),
        )
      : null,
    form.fields.map((field) => {
      const id = `network-field-${field.id}`;
      const error = errors[field.id];
      return el(
        "div",
        { class: `field${field.kind === "checkbox" ? " checkbox" : ""}` },
        el("label", { for: id }, field.label),
        field.hint ? el("p", { class: "hint" }, field.hint) : null,
        error ? el("p", { class: "error", id: `${id}-error` }, error) : null,
        fieldInput(field, id),
      );
    }),
    el(
      "div",
      { class: "form-actions" },
      el("button", { type: "submit", class: "primary" }, form.submitLabel),
      el("button", { type: "button", onclick: closeForm }, "Cancel"),
    ),
  ];
  box.replaceChildren(...children.flat().filter(Boolean));
  box.hidden = false;
  (box.querySelector(".error-summary") ?? box.querySelector("input, textarea, select"))?.focus();
}

function readForm(form) {
  const values = {};
  for (const field of form.fields) {
    const input = $(`#network-field-${field.id}`);
    if (field.kind === "checkbox") values[field.id] = input.checked ? "true" : "false";
    else if (field.kind === "multiselect") values[field.id] = [...input.selectedOptions].map((o) => o.value);
    else values[field.id] = input.value;
  }
  return values;
}

function closeForm() {
  open = null;
  $("#network-form").hidden = true;
}

async function openForm(questionId, answerId) {
  try {
    const out = await api("POST", "/api/network/form", {
      questionId,
      ambassadorId: answerAs(),
      answer: $(`#${answerId}`).value,
    });
    if (out.result) {
      closeForm();
      say(...out.result.replies.map(renderReply));
      return;
    }
    open = { form: out.form, kind: "propose" };
    renderForm(out.form);
  } catch (error) {
    failed(error);
  }
}

/** An editor opens core's edit form for a card (the playground's operator is the editor). */
async function openEdit(cardId) {
  try {
    const out = await api("POST", `/api/network/cards/${encodeURIComponent(cardId)}/edit`);
    if (out.result) {
      closeForm();
      await loadNetwork();
      say(...out.result.replies.map(renderReply));
      return;
    }
    open = { form: out.form, kind: "edit" };
    renderForm(out.form);
  } catch (error) {
    failed(error);
  }
}

async function submitForm(event) {
  event.preventDefault();
  if (!open) return;
  const { form, kind } = open;
  const values = readForm(form);
  const state = form.state !== undefined ? { state: form.state } : {};
  try {
    const out =
      kind === "edit"
        ? await api("POST", "/api/network/edit/submit", { values, ...state })
        : await api("POST", "/api/network/form/submit", { ambassadorId: answerAs(), values, ...state });
    if (out.errors) {
      // Refused: the form again, with what was typed and core's messages.
      renderForm({ ...form, fields: form.fields.map((f) => ({ ...f, value: values[f.id] })) }, out.errors);
      return;
    }
    closeForm();
    await loadNetwork();
    say(...out.result.replies.map(renderReply));
  } catch (error) {
    failed(error);
  }
}

async function decide(cardId, verdict) {
  try {
    const out = await api("POST", `/api/network/cards/${encodeURIComponent(cardId)}/${verdict}`);
    await loadNetwork();
    say(
      el(
        "p",
        {},
        out.status === "approved"
          ? "Approved: it answers questions from now on."
          : "Rejected: it will never answer.",
      ),
    );
  } catch (error) {
    failed(error);
  }
}

/**
 * A button in an answerer's reply (Name me) is pressed acting as the ambassador who answered: the playground's
 * "Acting as" (/api/action with actingAs), so core sees the answerer and its "only the answerer can name
 * themselves" rule is checked as in Slack or Teams.
 */
async function pressAsAnswerer(button) {
  const actingAs = button.closest("[data-acting-as]")?.dataset.actingAs;
  if (!actingAs) return;
  button.disabled = true;
  try {
    const out = await api("POST", "/api/action", {
      actionId: button.dataset.actionId,
      value: button.dataset.value,
      userId: userId(),
      actingAs,
      requestId: randomId(),
    });
    const toAsker = (out.outbox ?? []).filter((o) => o.kind === "direct").map((o) => o.reply);
    say(...out.replies.map(renderReply), ...toAskerView(toAsker));
  } catch (error) {
    button.disabled = false;
    failed(error);
  }
}

export function setUpNetwork() {
  $("#network-outcome").addEventListener("click", (event) => {
    const button = event.target.closest("button[data-action-id]");
    if (button) void pressAsAnswerer(button);
  });
  $("#network-place").addEventListener("click", async () => {
    try {
      await api("POST", "/api/network/place");
      await loadNetwork();
    } catch (error) {
      failed(error);
    }
  });
  $("#network-form").addEventListener("submit", submitForm);
}
