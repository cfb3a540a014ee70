/**
 * The network loop in the playground, in Debian's Chromium (playwright-core) against `npm start` on an in-memory
 * DynamoDB Local: a declined question is sent to the ambassadors from the Chat tab, answered in the Ambassadors'
 * channel tab as an ambassador, saved as a card with core's form, approved as an editor, and the same question in
 * other words is then answered from the card. Screenshots go to test-output/screenshots/.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Locator, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedProcess, startProcess } from "../local/support/start-process.ts";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-output", "screenshots");
const WAIT = { timeout: 20_000, interval: 100 };
const QUESTION = "How do we value the building our team uses?";
const ANSWER = "We had the district valuer do a red book valuation; budget six weeks.";

let server: StartedProcess;
let context: BrowserContext;
let page: Page;
let userDataDir: string;
const pageErrors: string[] = [];

async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: "visible", timeout: WAIT.timeout });
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
      "--no-first-run",
      "--disable-background-networking",
      "--disable-sync",
    ],
    viewport: { width: 1200, height: 900 },
  });
  // Nothing beyond the local server.
  await context.route("**/*", (route) =>
    route.request().url().startsWith(server.origin) ? route.continue() : route.abort(),
  );
  page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  // An ambassador with a Slack id, through the playground's own directory API.
  const added = await fetch(`${server.origin}/api/ambassadors`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      displayName: "Janet Price",
      categories: ["business-case"],
      serviceAreas: ["adult social care"],
      region: "North West",
      monthlyCapacity: 2,
      slackUserId: "UJANET0001",
    }),
  });
  expect(added.status).toBe(201);
}, 180_000);

afterAll(async () => {
  await context?.close();
  if (userDataDir) rmSync(userDataDir, { recursive: true, force: true });
  await server?.stop("SIGINT");
}, 60_000);

async function ask(text: string): Promise<Locator> {
  await page.getByRole("tab", { name: "Chat", exact: true }).click();
  const before = await page.locator(".turn.bot").count();
  await page.getByLabel("Your question or command").fill(text);
  await page.keyboard.press("Enter");
  const reply = page.locator(".turn.bot").nth(before);
  await visible(reply);
  return reply;
}

describe("the ambassadors' channel in the playground", () => {
  it("takes a declined question through an ambassador's answer and an editor's approval to a cited answer", async () => {
    // Prepare: the playground becomes the ambassadors' place
    await page.goto(`${server.origin}/`);
    await visible(page.locator("body[data-ready=true]"));
    await page.getByRole("tab", { name: "Network", exact: true }).click();
    await page.getByRole("button", { name: "Use the playground as the ambassadors' place" }).click();
    await expect
      .poll(() => page.locator("#network-place-status").textContent(), WAIT)
      .toContain("is the ambassadors' place");

    // Act 1: the asker's question is declined; they send it to the ambassadors
    const declined = await ask(QUESTION);
    await declined.getByRole("button", { name: "Ask the ambassadors" }).click();
    const choice = page.locator(".turn.bot").last();
    await visible(choice.getByRole("button", { name: "Send anonymously" }));
    await choice.getByRole("button", { name: "Send anonymously" }).click();
    await expect
      .poll(() => page.locator(".turn.bot").last().textContent(), WAIT)
      .toContain("Sent to the ambassadors");

    // Act 2: answered in the channel as Janet
    await page.getByRole("tab", { name: "Network", exact: true }).click();
    const question = page.locator(".network-question").filter({ hasText: QUESTION });
    await visible(question);
    await page.getByLabel("Answer as").selectOption({ label: "Janet Price" });
    await question.getByLabel("Your answer, as the ambassador").fill(ANSWER);
    await question.getByRole("button", { name: "Answer in the thread" }).click();

    // Assess 2: the asker receives the answer
    await expect
      .poll(() => page.locator("#network-outcome").textContent(), WAIT)
      .toContain("The asker received");
    expect(await page.locator("#network-outcome").textContent()).toContain("red book valuation");

    // Act 3: Janet saves it as a card with core's form, named
    const again = page.locator(".network-question").filter({ hasText: QUESTION });
    await again.getByLabel("Your answer, as the ambassador").fill(ANSWER);
    await again.getByRole("button", { name: "Save as a card" }).click();
    const form = page.locator("#network-form");
    await visible(form);
    expect(await form.getByLabel("Question", { exact: true }).inputValue()).toBe(QUESTION);
    expect(await form.getByLabel("Answer", { exact: true }).inputValue()).toBe(ANSWER);
    await form.getByLabel("Name me as the author").check();
    await page.screenshot({ path: join(SCREENSHOTS, "network-form.png"), fullPage: true });
    await form.getByRole("button", { name: "Save for review" }).click();
    await expect
      .poll(() => page.locator("#network-outcome").textContent(), WAIT)
      .toContain("Saved for review");

    // Act 4: approved as an editor
    const pending = page.locator(".network-card").filter({ hasText: QUESTION });
    await visible(pending);
    await pending.getByRole("button", { name: "Approve" }).click();
    await expect.poll(() => page.locator("#network-outcome").textContent(), WAIT).toContain("Approved");

    // Assess: the same question in other words is answered from the card, crediting Janet
    const answered = await ask("How should we value the building that our team uses?");
    await expect.poll(() => answered.textContent(), WAIT).toContain("red book valuation");
    expect(await answered.textContent()).toContain("Janet Price");
    await page.screenshot({ path: join(SCREENSHOTS, "network-community-answer.png"), fullPage: true });
    expect(pageErrors).toEqual([]);
  }, 180_000);
});
