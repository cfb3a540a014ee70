// The Pathfinder playground. Plain browser JavaScript (no build step, no libraries, no external
// requests): it talks to the local server's JSON API and renders the bots' reply model as HTML.

// ---------------------------------------------------------------------------------------------
// Identity, token and API calls

const TOKEN_KEY = "pathfinder.adminToken";
const USER_KEY = "pathfinder.userId";

function randomId() {
  // crypto.randomUUID needs a secure context; getRandomValues works on any http://host too.
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
}

function adoptTokenFromAddress() {
  const match = /(?:^#|&)token=([^&]+)/.exec(location.hash);
  if (!match) return;
  sessionStorage.setItem(TOKEN_KEY, decodeURIComponent(match[1]));
  // Keep the token out of the address bar, history and screenshots.
  history.replaceState(null, "", location.pathname + location.search);
}

function userId() {
  let id = localStorage.getItem(USER_KEY);
  if (!id) {
    id = `web-${randomId().slice(0, 20)}`;
    localStorage.setItem(USER_KEY, id);
  }
  return id;
}

class ApiError extends Error {
  constructor(message, status, body) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.body = body;
  }
}

async function api(method, path, body) {
  const headers = { accept: "application/json" };
  const token = sessionStorage.getItem(TOKEN_KEY);
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers["content-type"] = "application/json";
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ApiError("Pathfinder is not answering. Is `npm start` still running?", 0, {});
  }
  const data = await response.json().catch(() => ({}));
  if (!response.ok)
    throw new ApiError(data.error || `Request failed (${response.status})`, response.status, data);
  return data;
}

// ---------------------------------------------------------------------------------------------
// DOM helpers

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

const $ = (selector) => document.querySelector(selector);

function showGlobalError(message) {
  const banner = $("#global-error");
  banner.textContent = message;
  banner.hidden = !message;
}

/** The reply model's markup: *bold* only, line breaks kept, [n] citation markers linked. */
function richText(text, citePrefix) {
  const fragment = document.createDocumentFragment();
  text.split("\n").forEach((line, i) => {
    if (i > 0) fragment.append(el("br"));
    for (const part of line.split(/(\*[^*\n]+\*|\[\d+\])/)) {
      if (!part) continue;
      const bold = /^\*([^*\n]+)\*$/.exec(part);
      const cite = /^\[(\d+)\]$/.exec(part);
      if (bold) fragment.append(el("strong", { text: bold[1] }));
      else if (cite && citePrefix) {
        fragment.append(
          el(
            "a",
            {
              href: `#${citePrefix}-${cite[1]}`,
              class: "cite-ref",
              "aria-label": `source ${cite[1]}`,
              onclick: openCitation,
            },
            `[${cite[1]}]`,
          ),
        );
      } else fragment.append(part);
    }
  });
  return fragment;
}

/*
 * How a source reads, as in bots/core/citations.ts (the renderers' formatter; this page cannot import
 * TypeScript): title, then layer, author and date ("20 September 2012"), never the file name.
 */
const CITATION_KIND_LABEL = { guide: "Pathfinder guide", community: "Community answer" };
const LONG_DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

function citationDate(date) {
  if (!/^\d{4}-\d{2}-\d{2}/.test(date)) return date;
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : LONG_DATE.format(parsed);
}

function citationByline(c) {
  return [CITATION_KIND_LABEL[c.kind], c.author?.trim(), c.date ? citationDate(c.date.trim()) : undefined]
    .filter(Boolean)
    .join(", ");
}

/** The source's URL when it is a web link (never javascript: or the like). */
function citationUrl(c) {
  try {
    const url = new URL(String(c.url ?? "").trim());
    return url.protocol === "https:" || url.protocol === "http:" ? url.href : undefined;
  } catch {
    return undefined;
  }
}

function openCitation(event) {
  const id = event.currentTarget.getAttribute("href").slice(1);
  const details = document.getElementById(id);
  if (!details) return;
  event.preventDefault();
  details.open = true;
  details.querySelector("summary")?.focus();
}

// ---------------------------------------------------------------------------------------------
// Chat: render the reply model

let replyCounter = 0;

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
                { id: `${replyId}-c-${c.n}` },
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

function renderReply(reply) {
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
  const li = el(
    "li",
    { class: `turn ${who}` },
    el("p", { class: "who" }, who === "you" ? "You" : "Pathfinder"),
    content,
  );
  $("#conversation").append(li);
  li.scrollIntoView({ block: "nearest" });
  return li;
}

function showResult(result) {
  const content = el("div", {}, result.replies.map(renderReply), renderOutbox(result.outbox));
  addTurn("bot", content);
}

async function send(text) {
  addTurn("you", el("p", {}, text));
  const pending = addTurn("bot", el("p", { class: "pending" }, "Thinking…"));
  try {
    const result = await api("POST", "/api/chat", { text, userId: userId(), requestId: randomId() });
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
    for (const b of group.querySelectorAll("button[data-action-id^='feedback.']")) b.disabled = true;
    button.setAttribute("aria-pressed", "true");
  }
  button.disabled = true;
  addTurn("you", el("p", { class: "pressed" }, `Pressed “${label}”`));
  try {
    showResult(
      await api("POST", "/api/action", { actionId, value, userId: userId(), requestId: randomId() }),
    );
  } catch (error) {
    button.disabled = false;
    addTurn("bot", el("p", { class: "error", role: "alert" }, error.message));
  } finally {
    if (!actionId.startsWith("feedback.") && !actionId.endsWith(".choose")) button.disabled = false;
  }
}

function setUpChat() {
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

// ---------------------------------------------------------------------------------------------
// Dashboard and digest preview

let meta = { categories: [], regions: [] };

function swatch(colour) {
  const svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
  svg.setAttribute("width", "14");
  svg.setAttribute("height", "14");
  svg.setAttribute("aria-hidden", "true");
  const rect = document.createElementNS("http://www.w3.org/2000/svg", "rect");
  for (const [k, v] of Object.entries({ width: 14, height: 14, rx: 2, fill: colour }))
    rect.setAttribute(k, String(v));
  svg.append(rect);
  return svg;
}

function renderSignals(signals) {
  const box = $("#signals");
  box.replaceChildren();
  const groups = [
    [`This week so far (${signals.thisWeek.week})`, signals.thisWeek.items],
    [`Last week (${signals.lastWeek.week})`, signals.lastWeek.items],
  ];
  for (const [title, items] of groups) {
    box.append(el("h3", { text: title }));
    if (items.length === 0) {
      box.append(
        el(
          "p",
          { class: "hint" },
          "No category is well above its usual level (at least 5 reports and double the four-week average).",
        ),
      );
    } else {
      box.append(
        el(
          "ul",
          { class: "signals" },
          items.map((s) => el("li", {}, el("strong", {}, `⚠ ${s.label}`), `: ${s.detail}.`)),
        ),
      );
    }
  }
}

async function loadDashboard() {
  const data = await api("GET", "/api/dashboard");
  // The SVG is generated by the server from counts only (labels escaped there).
  $("#chart").innerHTML = data.chartSvg;
  $("#dashboard-summary").textContent =
    data.total === 0
      ? "No blockers reported yet. Log one from the chat (“Log this as a blocker”, or type blocker …)."
      : `${data.total} report${data.total === 1 ? "" : "s"} from ${data.weeks[0]} to ${data.weeks.at(-1)}.`;
  const used = new Set(data.reports.flatMap((r) => Object.keys(r).filter((k) => r[k] > 0)));
  $("#chart-legend").replaceChildren(
    ...data.categories.map((c) =>
      el("li", { class: used.has(c.id) ? "used" : "unused" }, swatch(c.colour), ` ${c.label}`),
    ),
  );
  const table = $("#chart-table");
  const shownCats = data.categories.filter((c) => used.has(c.id));
  table.replaceChildren(
    el("caption", {}, "Blocker reports per category per week"),
    el(
      "thead",
      {},
      el(
        "tr",
        {},
        el("th", { scope: "col" }, "Week"),
        shownCats.map((c) => el("th", { scope: "col" }, c.label)),
        el("th", { scope: "col" }, "Total"),
      ),
    ),
    el(
      "tbody",
      {},
      data.weeks.map((w, i) => {
        const row = data.reports[i] ?? {};
        const total = shownCats.reduce((sum, c) => sum + (row[c.id] ?? 0), 0);
        return el(
          "tr",
          {},
          el("th", { scope: "row" }, w),
          shownCats.map((c) => el("td", {}, String(row[c.id] ?? 0))),
          el("td", {}, String(total)),
        );
      }),
    ),
  );
  renderSignals(data.signals);
}

async function loadDigest(week) {
  const data = await api("GET", `/api/digest${week ? `?week=${encodeURIComponent(week)}` : ""}`);
  const select = $("#digest-week");
  if (select.options.length === 0) {
    for (const w of data.weeks) select.append(el("option", { value: w.week }, w.label));
  }
  select.value = data.week;
  // Both previews are server-rendered from the real Slack and Teams renderers, with all text escaped.
  $("#slack-preview").innerHTML = data.slackHtml;
  $("#teams-preview").innerHTML = data.teamsHtml;
}

async function refreshDashboard() {
  try {
    showGlobalError("");
    await Promise.all([loadDashboard(), loadDigest($("#digest-week").value || undefined)]);
  } catch (error) {
    showGlobalError(error.message);
  }
}

function setUpDashboard() {
  $("#dashboard-refresh").addEventListener("click", () => void refreshDashboard());
  $("#digest-form").addEventListener("submit", (event) => {
    event.preventDefault();
    loadDigest($("#digest-week").value).catch((error) => showGlobalError(error.message));
  });
}

// ---------------------------------------------------------------------------------------------
// Ambassadors

const FIELD_LABELS = {
  displayName: "Name",
  categories: "Obstacles they can help with",
  serviceAreas: "Service areas",
  region: "Region",
  monthlyCapacity: "Introductions per month",
  slackUserId: "Slack user id",
  teamsUserId: "Teams user id",
  bio: "About them",
  snoozedUntil: "Snoozed until",
  id: "Id",
};
const FIELD_INPUTS = {
  displayName: "#amb-name",
  categories: "#amb-category-boxes input",
  serviceAreas: "#amb-areas",
  region: "#amb-region",
  monthlyCapacity: "#amb-capacity",
  slackUserId: "#amb-slack",
  teamsUserId: "#amb-teams",
  bio: "#amb-bio",
};

/** Rewrites the directory's field names into the form's labels ("displayName is required" → "Name is required"). */
function friendlyIssue(issue) {
  return issue.replace(/^(line \d+: )?([a-zA-Z]+)(?=[\s:])/, (whole, line = "", field) =>
    FIELD_LABELS[field] ? `${line}${FIELD_LABELS[field]}` : whole,
  );
}

function showIssues(box, error, intro) {
  const issues = error.body?.issues?.length ? error.body.issues : [error.message];
  box.replaceChildren(
    el("p", {}, el("strong", {}, intro)),
    el(
      "ul",
      {},
      issues.map((i) => el("li", {}, friendlyIssue(i))),
    ),
  );
  box.hidden = false;
  box.focus();
  return issues;
}

let ambassadors = [];
let editing = null;

function categoryLabel(id) {
  return meta.categories.find((c) => c.id === id)?.label ?? id;
}

function today() {
  return new Date().toISOString().slice(0, 10);
}

function renderAmbassadors() {
  const tbody = $("#ambassador-table tbody");
  tbody.replaceChildren(
    ...ambassadors.map((a) => {
      const snoozed = a.snoozedUntil && a.snoozedUntil > today();
      return el(
        "tr",
        { "data-id": a.id },
        el("th", { scope: "row" }, a.displayName, a.sample ? el("span", { class: "badge" }, "sample") : null),
        el("td", {}, a.categories.map(categoryLabel).join(", ")),
        el("td", {}, a.serviceAreas.join(", ") || "—"),
        el("td", {}, a.region ?? "—"),
        el("td", {}, String(a.monthlyCapacity)),
        el("td", {}, snoozed ? `Snoozed until ${a.snoozedUntil}` : "Available"),
        el(
          "td",
          { class: "row-actions" },
          el("button", { type: "button", "data-edit": a.id, "aria-label": `Edit ${a.displayName}` }, "Edit"),
          snoozed
            ? el(
                "button",
                { type: "button", "data-wake": a.id, "aria-label": `Wake ${a.displayName}` },
                "Wake",
              )
            : el(
                "button",
                { type: "button", "data-snooze": a.id, "aria-label": `Snooze ${a.displayName}` },
                "Snooze",
              ),
          el(
            "button",
            { type: "button", class: "danger", "data-remove": a.id, "aria-label": `Remove ${a.displayName}` },
            "Remove",
          ),
        ),
      );
    }),
  );
}

async function loadAmbassadors() {
  const data = await api("GET", "/api/ambassadors");
  ambassadors = data.ambassadors.sort((a, b) => a.displayName.localeCompare(b.displayName));
  renderAmbassadors();
}

function status(message) {
  $("#ambassador-status").textContent = message;
}

function resetForm() {
  editing = null;
  $("#ambassador-form").reset();
  $("#amb-id").value = "";
  $("#ambassador-form-title").textContent = "Add an ambassador";
  $("#amb-submit").textContent = "Add ambassador";
  $("#amb-cancel").hidden = true;
  clearFieldErrors();
  $("#ambassador-errors").hidden = true;
}

function clearFieldErrors() {
  for (const input of document.querySelectorAll("#ambassador-form [aria-invalid]"))
    input.removeAttribute("aria-invalid");
}

function startEdit(id) {
  const a = ambassadors.find((x) => x.id === id);
  if (!a) return;
  editing = a;
  $("#amb-id").value = a.id;
  $("#amb-name").value = a.displayName;
  for (const box of document.querySelectorAll("#amb-category-boxes input"))
    box.checked = a.categories.includes(box.value);
  $("#amb-areas").value = a.serviceAreas.join(", ");
  $("#amb-region").value = a.region ?? "";
  $("#amb-capacity").value = String(a.monthlyCapacity);
  $("#amb-slack").value = a.slackUserId ?? "";
  $("#amb-teams").value = a.teamsUserId ?? "";
  $("#amb-bio").value = a.bio ?? "";
  $("#ambassador-form-title").textContent = `Edit ${a.displayName}`;
  $("#amb-submit").textContent = "Save changes";
  $("#amb-cancel").hidden = false;
  $("#amb-name").focus();
}

async function saveAmbassador(event) {
  event.preventDefault();
  const form = event.currentTarget;
  const body = {
    displayName: $("#amb-name").value,
    categories: [...document.querySelectorAll("#amb-category-boxes input:checked")].map((b) => b.value),
    serviceAreas: $("#amb-areas").value,
    region: $("#amb-region").value,
    monthlyCapacity: $("#amb-capacity").value,
    slackUserId: $("#amb-slack").value,
    teamsUserId: $("#amb-teams").value,
    bio: $("#amb-bio").value,
  };
  if (editing) {
    body.sample = editing.sample ?? false;
    if (editing.snoozedUntil) body.snoozedUntil = editing.snoozedUntil;
  }
  clearFieldErrors();
  try {
    const saved = editing
      ? await api("PUT", `/api/ambassadors/${encodeURIComponent(editing.id)}`, body)
      : await api("POST", "/api/ambassadors", body);
    resetForm();
    await loadAmbassadors();
    status(`${saved.displayName} ${editing ? "updated" : "saved"}.`);
  } catch (error) {
    const issues = showIssues($("#ambassador-errors"), error, "Please fix these and save again:");
    for (const issue of issues) {
      const field = /^([a-zA-Z]+)/.exec(issue)?.[1];
      const selector = FIELD_INPUTS[field];
      if (selector)
        for (const input of form.querySelectorAll(selector)) input.setAttribute("aria-invalid", "true");
    }
  }
}

function openSnooze(id) {
  const a = ambassadors.find((x) => x.id === id);
  if (!a) return;
  const form = $("#snooze-form");
  form.dataset.id = id;
  $("#snooze-who").textContent = `${a.displayName} will not be offered to anyone until this date.`;
  const inTwoWeeks = new Date(Date.now() + 14 * 86_400_000).toISOString().slice(0, 10);
  $("#snooze-until").value = inTwoWeeks;
  $("#snooze-until").min = today();
  form.hidden = false;
  $("#snooze-until").focus();
}

async function snooze(id, until) {
  try {
    const a = await api("POST", `/api/ambassadors/${encodeURIComponent(id)}/snooze`, { until });
    await loadAmbassadors();
    status(until ? `${a.displayName} is snoozed until ${until}.` : `${a.displayName} is available again.`);
  } catch (error) {
    status(error.message);
  }
}

async function removeAmbassador(id) {
  const a = ambassadors.find((x) => x.id === id);
  if (!a || !confirm(`Remove ${a.displayName} from the directory?`)) return;
  try {
    await api("DELETE", `/api/ambassadors/${encodeURIComponent(id)}`);
    await loadAmbassadors();
    status(`${a.displayName} removed.`);
  } catch (error) {
    status(error.message);
  }
}

async function importFile(event) {
  event.preventDefault();
  const box = $("#import-errors");
  box.hidden = true;
  const file = $("#import-file").files[0];
  if (!file) {
    showIssues(box, new ApiError("Choose a CSV or JSON file first.", 400, {}), "Nothing was imported:");
    return;
  }
  try {
    const content = await file.text();
    const { imported } = await api("POST", "/api/ambassadors/import", { fileName: file.name, content });
    event.currentTarget?.reset?.();
    $("#import-form").reset();
    await loadAmbassadors();
    status(`Imported ${imported} ambassador${imported === 1 ? "" : "s"} from ${file.name}.`);
  } catch (error) {
    showIssues(box, error, "Nothing was imported. Fix these in the file and try again:");
  }
}

async function findMatches(event) {
  event.preventDefault();
  const results = $("#match-results");
  try {
    const { matches } = await api("POST", "/api/ambassadors/match", {
      text: $("#match-text").value,
      serviceArea: $("#match-area").value,
      region: $("#match-region").value,
    });
    results.replaceChildren(
      matches.length === 0
        ? el("p", {}, "Nobody matches yet: no available ambassador covers that obstacle.")
        : el(
            "ol",
            { class: "matches" },
            matches.map((m) =>
              el(
                "li",
                {},
                el("strong", {}, m.ambassador.displayName),
                m.ambassador.sample ? el("span", { class: "badge" }, "sample") : null,
                el("br"),
                m.reason,
              ),
            ),
          ),
    );
  } catch (error) {
    results.replaceChildren(el("p", { class: "error", role: "alert" }, error.message));
  }
}

function setUpAmbassadors() {
  const boxes = $("#amb-category-boxes");
  boxes.replaceChildren(
    ...meta.categories.map((c) =>
      el(
        "label",
        { class: "checkbox" },
        el("input", { type: "checkbox", name: "categories", value: c.id }),
        ` ${c.label}`,
      ),
    ),
  );
  for (const select of [$("#amb-region"), $("#match-region")]) {
    for (const region of meta.regions) select.append(el("option", { value: region }, region));
  }
  $("#ambassador-form").addEventListener("submit", (event) => void saveAmbassador(event));
  $("#amb-cancel").addEventListener("click", resetForm);
  $("#import-form").addEventListener("submit", (event) => void importFile(event));
  $("#match-form").addEventListener("submit", (event) => void findMatches(event));
  $("#snooze-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const form = event.currentTarget;
    form.hidden = true;
    void snooze(form.dataset.id, $("#snooze-until").value);
  });
  $("#snooze-cancel").addEventListener("click", () => {
    $("#snooze-form").hidden = true;
  });
  $("#ambassador-table").addEventListener("click", (event) => {
    const button = event.target.closest("button");
    if (!button) return;
    if (button.dataset.edit) startEdit(button.dataset.edit);
    else if (button.dataset.snooze) openSnooze(button.dataset.snooze);
    else if (button.dataset.wake) void snooze(button.dataset.wake, null);
    else if (button.dataset.remove) void removeAmbassador(button.dataset.remove);
  });
}

// ---------------------------------------------------------------------------------------------
// Tabs (WAI-ARIA tabs pattern: arrow keys move between tabs)

function selectTab(tab) {
  for (const t of document.querySelectorAll("[role=tab]")) {
    const selected = t === tab;
    t.setAttribute("aria-selected", String(selected));
    t.tabIndex = selected ? 0 : -1;
    document.getElementById(t.getAttribute("aria-controls")).hidden = !selected;
  }
  if (tab.id === "tab-dashboard") void refreshDashboard();
  if (tab.id === "tab-ambassadors") loadAmbassadors().catch((error) => showGlobalError(error.message));
}

function setUpTabs() {
  const tabs = [...document.querySelectorAll("[role=tab]")];
  for (const tab of tabs) {
    tab.addEventListener("click", () => selectTab(tab));
    tab.addEventListener("keydown", (event) => {
      const i = tabs.indexOf(tab);
      const next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: tabs.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      const target = tabs[(next + tabs.length) % tabs.length];
      target.focus();
      selectTab(target);
    });
  }
}

// ---------------------------------------------------------------------------------------------

async function start() {
  adoptTokenFromAddress();
  setUpTabs();
  setUpChat();
  setUpDashboard();
  try {
    meta = await api("GET", "/api/meta");
    $("#platform-status").textContent = `${meta.platforms.slack} ${meta.platforms.teams}`;
  } catch (error) {
    showGlobalError(error.message);
  }
  setUpAmbassadors();
  document.body.dataset.ready = "true";
}

void start();
