/**
 * Steps the playground's network tests share: adding an ambassador through the directory API, asking in the Chat
 * tab, making the playground the ambassadors' place, and sending a declined question to the ambassadors.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { expect } from "vitest";

export const SCREENSHOTS = join(import.meta.dirname, "..", "..", "..", "test-output", "screenshots");
mkdirSync(SCREENSHOTS, { recursive: true });

/** How long a step may take on a loaded machine, polled (never slept). */
export const WAIT = { timeout: 20_000, interval: 100 };

export async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: "visible", timeout: WAIT.timeout });
}

/** Adds an ambassador through the playground's own directory API (topics and areas filled in). */
export async function addAmbassador(origin: string, body: Record<string, unknown>): Promise<void> {
  const added = await fetch(`${origin}/api/ambassadors`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      categories: ["business-case"],
      serviceAreas: ["adult social care"],
      region: "North West",
      monthlyCapacity: 2,
      ...body,
    }),
  });
  expect(added.status).toBe(201);
}

/** Asks in the Chat tab; returns Pathfinder's reply once it shows. */
export async function ask(page: Page, text: string): Promise<Locator> {
  await page.getByRole("tab", { name: "Chat", exact: true }).click();
  const before = await page.locator(".turn.bot").count();
  await page.getByLabel("Your question or command").fill(text);
  await page.keyboard.press("Enter");
  const reply = page.locator(".turn.bot").nth(before);
  await visible(reply);
  return reply;
}

/** Opens the playground and makes it the ambassadors' place (the Network tab plays their channel). */
export async function openAsAmbassadorsPlace(page: Page, origin: string): Promise<void> {
  await page.goto(`${origin}/`);
  await visible(page.locator("body[data-ready=true]"));
  await page.getByRole("tab", { name: "Network", exact: true }).click();
  await page.getByRole("button", { name: "Use the playground as the ambassadors' place" }).click();
  await expect
    .poll(() => page.locator("#network-place-status").textContent(), WAIT)
    .toContain("is the ambassadors' place");
}

/** Asks a question Pathfinder declines and sends it to the ambassadors anonymously. */
export async function sendDeclinedToAmbassadors(page: Page, question: string): Promise<void> {
  const declined = await ask(page, question);
  await declined.getByRole("button", { name: "Ask the ambassadors" }).click();
  const choice = page.locator(".turn.bot").last();
  await visible(choice.getByRole("button", { name: "Send anonymously" }));
  await choice.getByRole("button", { name: "Send anonymously" }).click();
  await expect
    .poll(() => page.locator(".turn.bot").last().textContent(), WAIT)
    .toContain("Sent to the ambassadors");
}
