/**
 * The Network tab's answerer and editor in Chromium (issue 15), against `npm start` on an in-memory DynamoDB Local:
 * a Teams-only ambassador answers a question and presses "Name me" under their answer (pressed acting as them, so
 * the asker is told who answered, and anyone else pressing it is refused); the answer saved as a card is edited
 * with core's "answer.edit" form (a bad field named beside its input, nothing stored), approved, and answers the
 * Chat tab with the edited text.
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
const EDITED =
  "Ask the district valuer for a red book valuation before the transfer, and budget eight weeks for it.";

let server: StartedProcess;
let browser: PlaygroundBrowser;
let page: Page;

async function networkView(): Promise<{
  ambassadors: { id: string; displayName: string }[];
  pending: { id: string; answer: string }[];
  approved: { id: string; answer: string }[];
}> {
  return (await fetch(`${server.origin}/api/network`)).json();
}

beforeAll(async () => {
  server = await startProcess(["--in-memory", "--port", "0", "--no-index-build"]);
  browser = await openPlaygroundBrowser(server.origin);
  page = browser.page;
  // A Teams-only ambassador answers; a Slack one tries to take the credit.
  await addAmbassador(server.origin, { displayName: "Priya Shah", teamsUserId: "29:1priya-shah" });
  await addAmbassador(server.origin, { displayName: "Janet Price", slackUserId: "UJANET0009" });
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop("SIGINT");
}, 60_000);

describe("the answerer and the editor in the playground's Network tab", () => {
  it("names the acting answerer, refuses anyone else, and edits the saved card through core's form", async () => {
    // Prepare: the playground is the ambassadors' place; a declined question is sent to them
    await openAsAmbassadorsPlace(page, server.origin);
    await sendDeclinedToAmbassadors(page, QUESTION);

    // Act 1: Priya answers in the thread and presses Name me under her answer
    await page.getByRole("tab", { name: "Network", exact: true }).click();
    const question = page.locator(".network-question").filter({ hasText: QUESTION });
    await visible(question);
    await page.getByLabel("Answer as").selectOption({ label: "Priya Shah" });
    await question.getByLabel("Your answer, as the ambassador").fill(ANSWER);
    await question.getByRole("button", { name: "Answer in the thread" }).click();
    const nameMe = page.locator("#network-outcome").getByRole("button", { name: "Name me" });
    await visible(nameMe);
    const value = await nameMe.getAttribute("data-value");
    await nameMe.click();

    // Assess 1: done, and the asker is told it was Priya
    await expect
      .poll(() => page.locator("#network-outcome").textContent(), WAIT)
      .toContain("the asker now knows the answer came from Priya Shah");
    expect(await page.locator("#network-outcome").textContent()).toMatch(
      /The asker received:.*came from Priya Shah, an ambassador/,
    );

    // Act 2: the same press acting as Janet, who did not answer
    const janet = (await networkView()).ambassadors.find((a) => a.displayName === "Janet Price");
    const forged = await fetch(`${server.origin}/api/action`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        actionId: "network.name-me",
        value,
        userId: "web-user-1",
        actingAs: janet?.id,
        requestId: "forged-name-me",
      }),
    });

    // Assess 2: refused by the rule that only the answerer can name themselves
    expect(JSON.stringify(await forged.json())).toContain(
      "Only the person who answered can agree to be named",
    );

    // Act 3: Priya saves the answer as a card; the editor opens Edit on it
    const again = page.locator(".network-question").filter({ hasText: QUESTION });
    await again.getByLabel("Your answer, as the ambassador").fill(ANSWER);
    await again.getByRole("button", { name: "Save as a card" }).click();
    const form = page.locator("#network-form");
    await visible(form);
    await form.getByRole("button", { name: "Save for review" }).click();
    await expect
      .poll(() => page.locator("#network-outcome").textContent(), WAIT)
      .toContain("Saved for review");
    const pending = page.locator("#network-pending .network-card").filter({ hasText: QUESTION });
    await visible(pending);
    await pending.getByRole("button", { name: "Edit" }).click();
    await visible(page.locator("#network-form-title", { hasText: "Edit saved answer" }));

    // Assess 3: core's edit form, prefilled from the card
    expect(await form.getByLabel("Question", { exact: true }).inputValue()).toBe(QUESTION);
    expect(await form.getByLabel("Answer", { exact: true }).inputValue()).toBe(ANSWER);

    // Act 4: too many phrasings
    await form.getByLabel("Answer", { exact: true }).fill(EDITED);
    await form
      .getByLabel("Other ways people ask it")
      .fill(Array.from({ length: 11 }, (_, i) => `valuing our building, take ${i}`).join("\n"));
    await form.getByRole("button", { name: "Save changes" }).click();

    // Assess 4: the message beside the phrasings, what was typed kept, nothing stored
    await visible(page.locator("#network-field-phrasings-error"));
    expect(await page.locator("#network-field-phrasings-error").textContent()).toContain(
      "at most 10 extra phrasings",
    );
    expect(await form.getByLabel("Answer", { exact: true }).inputValue()).toBe(EDITED);
    expect((await networkView()).pending.map((c) => c.answer)).toEqual([ANSWER]);
    await page.screenshot({ path: join(SCREENSHOTS, "network-edit-errors.png"), fullPage: true });

    // Act 5: corrected and saved, then approved
    await form.getByLabel("Other ways people ask it").fill("valuing our building");
    await form.getByRole("button", { name: "Save changes" }).click();
    await expect
      .poll(() => page.locator("#network-outcome").textContent(), WAIT)
      .toContain("Saved: you changed the answer, the other phrasings (1 now).");
    await page
      .locator("#network-pending .network-card")
      .filter({ hasText: QUESTION })
      .getByRole("button", { name: "Approve" })
      .click();
    await expect.poll(() => page.locator("#network-outcome").textContent(), WAIT).toContain("Approved");

    // Assess 5: listed as approved (with Edit), and the Chat tab answers with the edited text
    const approved = page.locator("#network-approved .network-card").filter({ hasText: QUESTION });
    await visible(approved.getByRole("button", { name: "Edit" }));
    expect(await approved.textContent()).toContain("Also asked as: valuing our building");
    const answered = await ask(page, "How should we value the building that our team uses?");
    await expect.poll(() => answered.textContent(), WAIT).toContain("budget eight weeks");
    expect(await answered.textContent()).not.toContain("budget six weeks");
    expect(browser.pageErrors).toEqual([]);
    expect(browser.foreignRequests).toEqual([]);
  }, 180_000);
});
