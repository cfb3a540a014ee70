/**
 * The network loop in the playground, in Debian's Chromium (playwright-core) against `npm start` on an in-memory
 * DynamoDB Local: a declined question is sent to the ambassadors from the Chat tab, answered in the Ambassadors'
 * channel tab as an ambassador, saved as a card with core's form, approved as an editor, and the same question in
 * other words is then answered from the card. Screenshots go to test-output/screenshots/.
 */
import { join } from "node:path";
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedProcess, startProcess } from "../local/support/start-process.ts";
import { openPlaygroundBrowser, type PlaygroundBrowser } from "./support/browser.ts";
import {
  addAmbassador,
  ask,
  openAsAmbassadorsPlace,
  SCREENSHOTS,
  sendDeclinedToAmbassadors,
  visible,
  WAIT,
} from "./support/network-page.ts";

const QUESTION = "How do we value the building our team uses?";
const ANSWER = "We had the district valuer do a red book valuation; budget six weeks.";

let server: StartedProcess;
let browser: PlaygroundBrowser;
let page: Page;

beforeAll(async () => {
  server = await startProcess(["--in-memory", "--port", "0", "--no-index-build"]);
  browser = await openPlaygroundBrowser(server.origin);
  page = browser.page;
  // An ambassador with a Slack id, through the playground's own directory API.
  await addAmbassador(server.origin, { displayName: "Janet Price", slackUserId: "UJANET0001" });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop("SIGINT");
}, 60_000);

describe("the ambassadors' channel in the playground", () => {
  it("takes a declined question through an ambassador's answer and an editor's approval to a cited answer", async () => {
    // Prepare: the playground becomes the ambassadors' place
    await openAsAmbassadorsPlace(page, server.origin);

    // Act 1: the asker's question is declined; they send it to the ambassadors
    await sendDeclinedToAmbassadors(page, QUESTION);

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
    const answered = await ask(page, "How should we value the building that our team uses?");
    await expect.poll(() => answered.textContent(), WAIT).toContain("red book valuation");
    expect(await answered.textContent()).toContain("Janet Price");
    await page.screenshot({ path: join(SCREENSHOTS, "network-community-answer.png"), fullPage: true });
    expect(browser.pageErrors).toEqual([]);
    expect(browser.foreignRequests).toEqual([]);
  }, 180_000);
});
