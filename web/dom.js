// DOM helpers and the reply model's inline markup, shared by the playground's tabs.

export function el(tag, attrs = {}, ...children) {
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

export const $ = (selector) => document.querySelector(selector);

export function showGlobalError(message) {
  const banner = $("#global-error");
  banner.textContent = message;
  banner.hidden = !message;
}

/**
 * The reply model's markup as Slack shows it: *bold* and `code` (help writes commands in backticks),
 * line breaks kept, [n] citation markers linked. Hand-written because it is this small and a Markdown
 * library would also honour links and HTML, which text that echoes what people typed must not get.
 */
export function richText(text, citePrefix) {
  const fragment = document.createDocumentFragment();
  text.split("\n").forEach((line, i) => {
    if (i > 0) fragment.append(el("br"));
    for (const part of line.split(/(`[^`\n]+`|\*[^*\n]+\*|\[\d+\])/)) {
      if (!part) continue;
      const code = /^`([^`\n]+)`$/.exec(part);
      const bold = /^\*([^*\n]+)\*$/.exec(part);
      const cite = /^\[(\d+)\]$/.exec(part);
      if (code) fragment.append(el("code", { text: code[1] }));
      else if (bold) fragment.append(el("strong", { text: bold[1] }));
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

export function citationByline(c) {
  return [CITATION_KIND_LABEL[c.kind], c.author?.trim(), c.date ? citationDate(c.date.trim()) : undefined]
    .filter(Boolean)
    .join(", ");
}

/** The source's URL when it is a web link (never javascript: or the like). */
export function citationUrl(c) {
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
