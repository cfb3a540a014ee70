/**
 * The playground's Knowledge tab in a real browser (issue 14): Debian's Chromium driven by playwright-core
 * against `npm start` with a scratch document library. An admin adds documents with the file chooser and by
 * drag and drop, sees each refusal's one-line message, asks in the Chat tab and gets the document cited, then
 * removes it (confirming) and the answer no longer cites it. Screenshot: test-output/screenshots/knowledge-tab.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readManifest } from "../../knowledge/documents/library.ts";
import { type StartedProcess, startProcess } from "../local/support/start-process.ts";
import { openPlaygroundBrowser, type PlaygroundBrowser } from "./support/browser.ts";

const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-output", "screenshots");
const WAIT = { timeout: 20_000, interval: 100 };

const HEATPUMPS = `# Heat pump retrofit guide for community buildings

## Choosing an air source heat pump

Size the air source heat pump from a room-by-room heat loss survey of the community building, and
insulate the loft and cavity walls first, so a smaller heat pump runs at a lower flow temperature.

## Grants

The boiler upgrade scheme grant covers part of the cost of an air source heat pump for a community
building, and the installer must be certified under the microgeneration certification scheme.
`;
const BOARD = `# Board paper checklist\n\nEvery board paper for the mutual names its author, its decision and its risks.\n`;
const QUESTION = "Which grant pays for an air source heat pump for a community building?";

let server: StartedProcess;
let page: Page;
let browser: PlaygroundBrowser | undefined;
let libraryDir: string;

async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: "visible", timeout: WAIT.timeout });
}

/** Drops files on an element as a person dragging them from the desktop would (a real DataTransfer). */
async function dropFiles(target: Locator, files: { name: string; text: string }[]): Promise<void> {
  const transfer = await page.evaluateHandle((list) => {
    const dt = new DataTransfer();
    for (const f of list) dt.items.add(new File([f.text], f.name));
    return dt;
  }, files);
  await target.dispatchEvent("dragenter", { dataTransfer: transfer });
  await target.dispatchEvent("dragover", { dataTransfer: transfer });
  await target.dispatchEvent("drop", { dataTransfer: transfer });
}

/** Asks in the Chat tab and returns the newest cited answer's sources. */
async function ask(question: string): Promise<Locator> {
  await page.getByRole("tab", { name: "Chat" }).click();
  const before = await page.locator(".turn.bot").count();
  await page.getByLabel("Your question or command").fill(question);
  await page.keyboard.press("Enter");
  const answer = page.locator(".turn.bot").nth(before);
  await visible(answer.locator(".reply").first());
  return answer.locator(".citations details");
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  libraryDir = mkdtempSync(join(tmpdir(), "pathfinder-knowledge-web-"));
  server = await startProcess(["--in-memory", "--port", "0", "--no-index-build"], {
    PATHFINDER_KNOWLEDGE_DIR: libraryDir,
  });
  browser = await openPlaygroundBrowser(server.origin);
  ({ page } = browser);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop("SIGINT");
  if (libraryDir) rmSync(libraryDir, { recursive: true, force: true });
}, 60_000);

describe("the Knowledge tab", () => {
  it("adds several files with the file chooser, listing the good one and saying why the other was refused", async () => {
    // Prepare
    await page.goto(`${server.origin}/`);
    await visible(page.locator("body[data-ready=true]"));
    await page.getByRole("tab", { name: "Knowledge" }).click();
    await visible(page.getByText("No documents yet"));

    // Act
    await page.getByLabel("Choose files, or drop them here").setInputFiles([
      { name: "heat-pumps.md", mimeType: "text/markdown", buffer: Buffer.from(HEATPUMPS) },
      { name: "budget.xlsx", mimeType: "application/octet-stream", buffer: Buffer.from("cells") },
    ]);
    await page.getByRole("button", { name: "Add to the knowledge base" }).click();

    // Assess: the good file is listed with its details; the bad one has its one-line message
    const row = page.locator("#knowledge-table tbody tr").filter({ hasText: "Heat pump retrofit guide" });
    await visible(row);
    const cells = await row.locator("td").allTextContents();
    expect(cells.slice(0, 2)).toEqual(["Markdown", "—"]);
    expect(Number(cells[2])).toBeGreaterThan(0);
    expect(cells[3]).toBe("Playground");
    const errors = page.locator("#knowledge-errors");
    await visible(errors);
    expect(await errors.textContent()).toContain('"budget.xlsx" is not a supported document type (.xlsx)');
    expect(await page.locator("#knowledge-status").textContent()).toContain(
      "Added “Heat pump retrofit guide",
    );
    expect(readManifest(libraryDir).documents.map((d) => d.source)).toEqual(["heat-pumps.md"]);
  });

  it("adds files dropped on the box, and refuses a duplicate", async () => {
    // Act
    await dropFiles(page.locator("#knowledge-drop"), [
      { name: "board.md", text: BOARD },
      { name: "heat-pumps-copy.md", text: HEATPUMPS },
    ]);

    // Assess
    await visible(page.locator("#knowledge-table tbody tr").filter({ hasText: "Board paper checklist" }));
    await expect
      .poll(() => page.locator("#knowledge-errors").textContent(), WAIT)
      .toContain('"heat-pumps-copy.md" is already in the library as "Heat pump retrofit guide');
    expect(await page.locator("#knowledge-table tbody tr").count()).toBe(2);
    await page.screenshot({ path: join(SCREENSHOTS, "knowledge-tab.png"), fullPage: true });
  });

  it("answers from the added document in the Chat tab, citing it as a document", async () => {
    // Act
    const sources = await ask(QUESTION);

    // Assess
    const cited = sources.filter({ hasText: "Heat pump retrofit guide for community buildings" });
    await visible(cited.first());
    expect(await cited.first().getAttribute("data-kind")).toBe("document");
  });

  it("removes a document after confirmation, and the chat stops citing it", async () => {
    // Prepare
    await page.getByRole("tab", { name: "Knowledge" }).click();
    const row = page.locator("#knowledge-table tbody tr").filter({ hasText: "Heat pump retrofit guide" });
    await visible(row);

    // Act: dismiss first (nothing happens), then confirm
    page.once("dialog", (dialog) => void dialog.dismiss());
    await row.getByRole("button", { name: /^Remove / }).click();
    expect(await row.count()).toBe(1);
    const asked: string[] = [];
    page.once("dialog", (dialog) => {
      asked.push(dialog.message());
      void dialog.accept();
    });
    await row.getByRole("button", { name: /^Remove / }).click();

    // Assess
    await expect.poll(() => row.count(), WAIT).toBe(0);
    expect(asked[0]).toContain("Remove “Heat pump retrofit guide for community buildings”");
    expect(await page.locator("#knowledge-status").textContent()).toContain("Removed");
    expect(readManifest(libraryDir).documents.map((d) => d.source)).toEqual(["board.md"]);
    const sources = await ask(QUESTION);
    expect(await sources.locator("[data-kind=document]").count()).toBe(0);
    expect(await sources.filter({ hasText: "Heat pump retrofit guide" }).count()).toBe(0);
  });

  it("made no request beyond the local server and raised no script error", () => {
    expect(browser?.foreignRequests).toEqual([]);
    expect(browser?.pageErrors).toEqual([]);
  });
});
