// The Knowledge tab: the documents an admin added to the knowledge base (the same library as
// `pathfinder knowledge`), with upload (file input or drag and drop, several files at once) and remove.
import { api, uploadFile } from "./api.js";
import { $, el } from "./dom.js";

const TYPE_LABELS = {
  markdown: "Markdown",
  text: "Plain text",
  html: "Web page",
  pdf: "PDF",
  docx: "Word",
};

const ADDED_AT = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

const LONG_DATE = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "long",
  year: "numeric",
  timeZone: "UTC",
});

let documents = [];

function status(text) {
  $("#knowledge-status").textContent = text;
}

function documentDate(date) {
  if (!date) return "—";
  const parsed = new Date(`${date.slice(0, 10)}T00:00:00Z`);
  return Number.isNaN(parsed.getTime()) ? date : LONG_DATE.format(parsed);
}

function addedAt(iso) {
  const parsed = new Date(iso);
  return Number.isNaN(parsed.getTime()) ? iso : ADDED_AT.format(parsed);
}

function row(doc) {
  return el(
    "tr",
    { "data-document-id": doc.id },
    el(
      "th",
      { scope: "row" },
      el("span", { class: "doc-title" }, doc.title),
      el("br"),
      el("span", { class: "hint" }, doc.source),
    ),
    el("td", {}, TYPE_LABELS[doc.type] ?? doc.type),
    el("td", {}, documentDate(doc.date)),
    el("td", { class: "number" }, String(doc.passages)),
    // The CLI records no person; the playground records itself.
    el("td", {}, doc.addedBy ?? "Command line"),
    el("td", {}, el("time", { datetime: doc.addedAt }, addedAt(doc.addedAt))),
    el(
      "td",
      {},
      el(
        "button",
        {
          type: "button",
          class: "danger",
          "aria-label": `Remove ${doc.title}`,
          onclick: () => void removeDocument(doc.id),
        },
        "Remove",
      ),
    ),
  );
}

/** Loads the list from the server and draws it. */
export async function loadKnowledge() {
  ({ documents } = await api("GET", "/api/knowledge"));
  $("#knowledge-table tbody").replaceChildren(...documents.map(row));
  $("#knowledge-table").hidden = documents.length === 0;
  $("#knowledge-empty").hidden = documents.length > 0;
}

function showProblems(problems) {
  const box = $("#knowledge-errors");
  if (problems.length === 0) {
    box.hidden = true;
    box.replaceChildren();
    return;
  }
  box.replaceChildren(
    el(
      "p",
      {},
      el("strong", {}, problems.length === 1 ? "This file was not added:" : "These files were not added:"),
    ),
    el(
      "ul",
      {},
      problems.map((message) => el("li", {}, message)),
    ),
  );
  box.hidden = false;
  box.focus();
}

/**
 * Adds the files one at a time, so each good file is added and each bad one gets its own line: one
 * bad file never keeps the others out (as with `pathfinder knowledge add`).
 */
async function addFiles(files) {
  if (files.length === 0) {
    showProblems(["Choose a document first, or drop one on the box."]);
    return;
  }
  showProblems([]);
  status(`Adding ${files.length === 1 ? files[0].name : `${files.length} files`}…`);
  const added = [];
  const problems = [];
  for (const file of files) {
    try {
      const { added: doc } = await uploadFile("/api/knowledge", file);
      added.push(doc);
    } catch (error) {
      problems.push(error.message);
    }
  }
  try {
    await loadKnowledge();
  } catch (error) {
    problems.push(error.message);
  }
  status(
    added.length === 0
      ? "Nothing was added."
      : `Added ${added.map((d) => `“${d.title}” (${d.passages} passage${d.passages === 1 ? "" : "s"})`).join(", ")}. Pathfinder answers from ${added.length === 1 ? "it" : "them"} now.`,
  );
  showProblems(problems);
}

async function removeDocument(id) {
  const doc = documents.find((d) => d.id === id);
  if (!doc) return;
  if (!confirm(`Remove “${doc.title}” from the knowledge base? Pathfinder stops answering from it at once.`))
    return;
  try {
    await api("DELETE", `/api/knowledge/${encodeURIComponent(id)}`);
    await loadKnowledge();
    status(`Removed “${doc.title}”.`);
  } catch (error) {
    showProblems([error.message]);
  }
}

export function setUpKnowledge() {
  const form = $("#knowledge-form");
  const input = $("#knowledge-file");
  const drop = $("#knowledge-drop");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    await addFiles([...input.files]);
    form.reset();
  });
  // Drag and drop: the drop zone takes the files at once, as a file chooser's "Open" would.
  for (const type of ["dragenter", "dragover"]) {
    drop.addEventListener(type, (event) => {
      event.preventDefault();
      drop.classList.add("dragging");
    });
  }
  for (const type of ["dragleave", "drop"]) {
    drop.addEventListener(type, () => drop.classList.remove("dragging"));
  }
  drop.addEventListener("drop", (event) => {
    event.preventDefault();
    void addFiles([...(event.dataTransfer?.files ?? [])]);
  });
}
