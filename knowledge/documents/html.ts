/**
 * Web pages: the main content only, found by Mozilla Readability (the Firefox Reader View engine) over
 * linkedom's server-side DOM, so navigation, cookie banners and footers never become passages.
 */
import { Readability } from "@mozilla/readability";
import { parseHTML } from "linkedom";
import { type ExtractedDocument, isoDate, normaliseSpace, sectionsFromHtml } from "./structure.ts";

type Doc = ReturnType<typeof parseHTML>["document"];

function meta(document: Doc, selectors: string[]): string | undefined {
  for (const selector of selectors) {
    const value = normaliseSpace(document.querySelector(selector)?.getAttribute("content") ?? "");
    if (value) return value;
  }
  return undefined;
}

/** Parses an HTML page into its main content's sections, with title, date and canonical URL from its head. */
export function extractHtml(html: string): ExtractedDocument {
  const { document } = parseHTML(html);
  // Read the head before Readability, which rewrites the document as it works.
  const headTitle =
    meta(document, ['meta[property="og:title"]', 'meta[name="twitter:title"]', 'meta[name="dc.title" i]']) ??
    (normaliseSpace(document.querySelector("title")?.textContent ?? "") || undefined);
  const headDate =
    meta(document, [
      'meta[property="article:published_time"]',
      'meta[name="date"]',
      'meta[name="dcterms.date" i]',
      'meta[name="dc.date" i]',
      'meta[name="dcterms.created" i]',
    ]) ?? document.querySelector("time[datetime]")?.getAttribute("datetime");
  const canonical =
    document.querySelector('link[rel="canonical"]')?.getAttribute("href") ??
    meta(document, ['meta[property="og:url"]']);
  const author = meta(document, ['meta[name="author"]', 'meta[property="article:author"]']);

  // Readability's types name the browser's Document; linkedom's implements the parts it uses.
  const article = new Readability(document as unknown as Document).parse();
  const content = article?.content
    ? parseHTML(`<html><body>${article.content}</body></html>`).document
    : document;
  const { sections, firstHeading } = sectionsFromHtml(content.body ?? content);

  const extracted: ExtractedDocument = { sections };
  const title = headTitle ?? (normaliseSpace(article?.title ?? "") || firstHeading?.text);
  if (title) extracted.title = title;
  const date = isoDate(headDate ?? article?.publishedTime ?? undefined);
  if (date) extracted.date = date;
  const byline = author ?? (normaliseSpace(article?.byline ?? "") || undefined);
  if (byline) extracted.author = byline;
  if (canonical && /^https?:\/\//i.test(canonical)) extracted.url = canonical;
  return extracted;
}
