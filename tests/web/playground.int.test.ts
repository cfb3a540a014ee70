/**
 * The playground in a real browser: Debian's Chromium driven by playwright-core against `npm start`
 * (an in-memory DynamoDB Local, a free port). One practitioner's journey, in order: ask, rate, log a
 * blocker and correct it, see it on the chart and in the digest preview, then add and match an
 * ambassador. Screenshots go to test-output/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedProcess, startProcess } from "../local/support/start-process.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-output", "screenshots");

let server: StartedProcess;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const foreignRequests: string[] = [];
const pageErrors: string[] = [];

/** How long to wait for something to appear (generous: CI machines are busy). */
const WAIT = { timeout: 20_000, interval: 100 };

async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: "visible", timeout: WAIT.timeout });
}

async function textOf(locator: Locator): Promise<string> {
  return (await locator.count()) > 0 ? ((await locator.first().textContent()) ?? "") : "";
}

async function shot(name: string): Promise<void> {
  await page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  server = await startProcess(["--in-memory", "--port", "0", "--no-index-build"]);
  userDataDir = mkdtempSync(join(tmpdir(), "pathfinder-chromium-"));
  context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
    viewport: { width: 1200, height: 900 },
  });
  // The page must never reach beyond the local server: record (and refuse) anything that tries.
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(server.origin) || url.startsWith("data:")) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await server?.stop("SIGINT");
}, 60_000);

describe("the playground", () => {
  it("answers a question with numbered citations that expand to the quoted passage, and takes a rating", async () => {
    // Prepare
    await page.goto(`${server.origin}/`);
    await visible(page.locator("body[data-ready=true]"));

    // Act
    await page
      .getByLabel("Your question or command")
      .fill("How do we get the unions on board with a spin-out?");
    await page.keyboard.press("Enter");

    // Assess: a cited answer, its source expands to the quote
    const answer = page
      .locator(".turn.bot .reply")
      .filter({ has: page.locator(".citations") })
      .first();
    await visible(answer);
    const firstSource = answer.locator(".citations details").first();
    await firstSource.locator("summary").click();
    await visible(firstSource.locator("blockquote"));
    expect(((await firstSource.locator("blockquote").textContent()) ?? "").length).toBeGreaterThan(20);
    await shot("chat-cited-answer");

    // Assess (regression, issue 17.5): neither rating looks pressed before it is pressed
    const helpful = answer.getByRole("button", { name: "Helpful", exact: true });
    const unhelpful = answer.getByRole("button", { name: "Not helpful", exact: true });
    expect(await helpful.getAttribute("aria-pressed")).toBeNull();
    expect(await helpful.getAttribute("class")).toBeNull();

    // Act: rate it
    await helpful.click();

    // Assess: the chosen one is shown as chosen, the other as not
    await visible(page.getByText("Thanks for the feedback."));
    await expect.poll(() => helpful.getAttribute("aria-pressed"), WAIT).toBe("true");
    expect(await unhelpful.getAttribute("aria-pressed")).toBe("false");
    expect(await helpful.textContent()).toBe("✓ Helpful");
  });

  it("regression (issue 17.4): shows help's commands as code, not raw Markdown backticks", async () => {
    // Act
    await page.getByLabel("Your question or command").fill("help");
    await page.keyboard.press("Enter");

    // Assess
    const help = page.locator(".turn.bot .reply").filter({ hasText: "You can:" });
    await visible(help);
    expect(await help.locator("code").allTextContents()).toContain("resolve <id> <what helped>");
    expect(await help.textContent()).not.toContain("`");
  });

  it("logs the question as a blocker, lets the reporter correct the category, and charts it", async () => {
    // Act: log it from the answer's button, then correct the category
    const answer = page
      .locator(".turn.bot .reply")
      .filter({ has: page.locator(".citations") })
      .first();
    await answer.getByRole("button", { name: "Log this as a blocker" }).click();
    const logged = page.locator(".reply").filter({ hasText: "Logged as" });
    await visible(logged);
    await logged.getByLabel("Correct the category").selectOption({ label: "Procurement and contracts" });
    await logged.getByRole("button", { name: "Change" }).click();
    await visible(page.getByText("filed under Procurement and contracts"));

    // Act: open the dashboard with the keyboard (tabs pattern: arrow keys)
    await page.getByRole("tab", { name: "Chat" }).focus();
    await page.keyboard.press("ArrowRight");

    // Assess: the current week's bar has one procurement report and nothing left in the first guess
    await expect
      .poll(() => page.getByRole("tab", { name: "Blockers dashboard" }).getAttribute("aria-selected"), WAIT)
      .toBe("true");
    const week = await page.locator("#chart g.week").last().getAttribute("data-week");
    const bar = page.locator(`#chart g.week[data-week="${week}"] rect[data-category="procurement"]`);
    await expect.poll(() => bar.getAttribute("data-count"), WAIT).toBe("1");
    await expect.poll(() => page.locator(`#chart g.week[data-week="${week}"] rect`).count(), WAIT).toBe(1);
    await expect.poll(() => textOf(page.locator("#dashboard-summary")), WAIT).toMatch(/1 report from/);
    await visible(page.getByRole("heading", { name: /This week so far/ }));
    await shot("dashboard-chart");
  });

  it("previews the weekly digest as Slack and Teams will show it", async () => {
    // Assess: the current week is selected and both renderings name the blocker
    const slack = page.locator("#slack-preview");
    const teams = page.locator("#teams-preview");
    await expect
      .poll(() => textOf(slack.locator(".pv-header").first()), WAIT)
      .toMatch(/Pathfinder weekly digest/);
    await expect.poll(() => textOf(slack), WAIT).toContain("Procurement and contracts");
    await expect.poll(() => textOf(teams.locator(".tm-card")), WAIT).toContain("Pathfinder weekly digest");
    await expect.poll(() => textOf(teams), WAIT).toContain("Procurement and contracts");
    await visible(slack.getByText("Talk to an ambassador").first());

    // Act: last week had nothing: the digest says so plainly
    await page.getByLabel("Week", { exact: true }).selectOption({ index: 1 });
    await page.getByRole("button", { name: "Show digest" }).click();

    // Assess
    await expect.poll(() => textOf(slack), WAIT).toContain("quiet week");
    await page.getByLabel("Week", { exact: true }).selectOption({ index: 0 });
    await page.getByRole("button", { name: "Show digest" }).click();
    await expect.poll(() => textOf(slack), WAIT).toContain("Procurement and contracts");
    await page.locator("#slack-preview").scrollIntoViewIfNeeded();
    await shot("dashboard-digest-preview");
  });

  it("explains validation problems in the coordinator's words, then adds an ambassador who is matched", async () => {
    // Prepare
    await page.getByRole("tab", { name: "Ambassadors" }).click();
    await visible(page.locator("#ambassador-table tbody tr").first());
    await expect.poll(() => textOf(page.locator("#ambassador-table")), WAIT).toContain("sample");

    // Act: save an empty form
    await page.getByRole("button", { name: "Add ambassador" }).click();

    // Assess: the form's own labels, and the fields marked
    const errors = page.locator("#ambassador-errors");
    await expect.poll(() => textOf(errors), WAIT).toContain("Name is required");
    await expect.poll(() => textOf(errors), WAIT).toContain("Obstacles they can help with");
    await expect
      .poll(() => page.getByLabel("Name", { exact: true }).getAttribute("aria-invalid"), WAIT)
      .toBe("true");
    await shot("ambassadors-validation");

    // Act: fill it in properly
    await page.getByLabel("Name", { exact: true }).fill("Morag Test-Coordinator");
    await page.getByLabel("Procurement and contracts").check();
    await page.getByLabel(/Service areas/).fill("waste collection");
    await page.getByLabel("Region", { exact: true }).selectOption("Scotland");
    await page.getByRole("button", { name: "Add ambassador" }).click();

    // Assess: listed, and first for a waste-collection procurement problem
    await expect
      .poll(() => textOf(page.locator("#ambassador-status")), WAIT)
      .toBe("Morag Test-Coordinator saved.");
    await expect
      .poll(() => textOf(page.locator("#ambassador-table")), WAIT)
      .toContain("Morag Test-Coordinator");
    await page.getByLabel("What is in the way?").fill("Our procurement tender keeps stalling");
    await page
      .getByLabel(/Service area/, { exact: false })
      .last()
      .fill("waste collection");
    await page.getByRole("button", { name: "Find ambassadors" }).click();
    const first = page.locator("#match-results li").first();
    await expect.poll(() => textOf(first), WAIT).toContain("Morag Test-Coordinator");
    await expect.poll(() => textOf(first), WAIT).toMatch(/procurement|contracts/i);
    await shot("ambassadors-matched");
  });

  it("refuses an import file with a bad row, naming the line, and saves nothing", async () => {
    // Prepare
    const before = await page.locator("#ambassador-table tbody tr").count();
    const csv =
      "displayName,categories,region\nGood Person,procurement,Wales\nBad Person,not-a-category,Atlantis\n";

    // Act
    await page
      .getByLabel("CSV or JSON file")
      .setInputFiles({ name: "ambassadors.csv", mimeType: "text/csv", buffer: Buffer.from(csv) });
    await page.getByRole("button", { name: "Import" }).click();

    // Assess
    const errors = page.locator("#import-errors");
    await expect.poll(() => textOf(errors), WAIT).toContain("Nothing was imported");
    await expect.poll(() => textOf(errors), WAIT).toContain("line 3");
    await expect.poll(() => textOf(errors), WAIT).toContain("Atlantis");
    await expect.poll(() => page.locator("#ambassador-table tbody tr").count(), WAIT).toBe(before);
  });

  it("fits a narrow screen, made no request beyond the local server and raised no script errors", async () => {
    // Act
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("tab", { name: "Chat" }).click();

    // Assess: nothing wider than the screen
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shot("chat-narrow-screen");
    expect(foreignRequests).toEqual([]);
    expect(pageErrors).toEqual([]);
  });
});
