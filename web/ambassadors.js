// The ambassadors tab: the directory (add, edit, snooze, remove, import) and trying a match.
import { ApiError, api, meta } from "./api.js";
import { $, el } from "./dom.js";

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
        el("th", { scope: "row" }, a.label ?? a.displayName),
        el("td", {}, a.categories.map(categoryLabel).join(", ")),
        el("td", {}, a.serviceAreas.join(", ") || "—"),
        el("td", {}, a.region ?? "—"),
        el("td", {}, String(a.monthlyCapacity)),
        el("td", {}, a.status ?? (snoozed ? `snoozed until ${a.snoozedUntil}` : "active")),
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

export async function loadAmbassadors() {
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
                el("strong", {}, m.ambassador.label ?? m.ambassador.displayName),
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

export function setUpAmbassadors() {
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
