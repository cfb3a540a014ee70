/**
 * The playground playing an ambassador (issue 17.8), in Debian's Chromium driven by playwright-core against
 * `npm start`: as the practitioner, ask for an introduction to a sample ambassador; switch "Acting as" to that
 * ambassador and see the request with Accept and Decline; accept; switch back and see the introduction.
 * Screenshots: test-output/screenshots/acting-as-ambassador.png and acting-as-introduced.png.
 */
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type StartedProcess, startProcess } from "../local/support/start-process.ts";
import { openPlaygroundBrowser, type PlaygroundBrowser } from "./support/browser.ts";

const SCREENSHOTS = join(import.meta.dirname, "..", "..", "test-output", "screenshots");
const WAIT = { timeout: 20_000, interval: 100 };
const AMARA = "Amara Okafor (sample)";

let server: StartedProcess;
let page: Page;
let browser: PlaygroundBrowser | undefined;
let libraryDir: string;

async function visible(locator: Locator): Promise<void> {
  await locator.waitFor({ state: "visible", timeout: WAIT.timeout });
}

async function say(text: string): Promise<void> {
  await page.getByLabel("Your question or command").fill(text);
  await page.keyboard.press("Enter");
}

beforeAll(async () => {
  mkdirSync(SCREENSHOTS, { recursive: true });
  libraryDir = mkdtempSync(join(tmpdir(), "pathfinder-acting-as-"));
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

describe("acting as an ambassador in the playground", () => {
  it("asks for an introduction as the practitioner", async () => {
    // Prepare
    await page.goto(`${server.origin}/`);
    await visible(page.locator("body[data-ready=true]"));
    expect(await page.getByLabel("Acting as").inputValue()).toBe("");

    // Act
    await say("mentor TUPE and pensions for care staff");
    const amara = page.locator(".items li").filter({ hasText: AMARA }).first();
    await visible(amara);
    await amara.getByRole("button", { name: "Ask for an introduction" }).click();

    // Assess
    await visible(page.getByText("I've recorded your request for Amara Okafor (sample)"));
  });

  it("switched to the ambassador, shows the request with Accept and Decline, in the ambassador's own conversation", async () => {
    // Act
    await page.getByLabel("Acting as").selectOption({ label: `${AMARA}, ambassador` });

    // Assess: the page asked `my introductions` as Amara; the practitioner's turns are not shown
    const waiting = page.locator(".reply").filter({ hasText: "Waiting for you (1)" });
    await visible(waiting);
    await visible(waiting.getByRole("button", { name: "Accept", exact: true }));
    await visible(waiting.getByRole("button", { name: "Decline", exact: true }));
    expect(await page.locator(".turn.you .who").first().textContent()).toBe(`You, as ${AMARA}`);
    expect(await page.getByText("mentor TUPE and pensions for care staff").count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, "acting-as-ambassador.png"), fullPage: true });

    // Act: accept
    await waiting.getByRole("button", { name: "Accept", exact: true }).click();

    // Assess
    await visible(page.getByText("Thank you! I've started a group conversation with you both."));
  });

  it("switched back to the practitioner, shows their conversation and the introduction", async () => {
    // Act
    await page.getByLabel("Acting as").selectOption({ value: "" });

    // Assess: the earlier conversation is back, and the introduction has arrived
    await visible(page.getByText("I've recorded your request for Amara Okafor (sample)"));
    const delivered = page.locator(".delivered").filter({ hasText: "A Pathfinder introduction" });
    await visible(delivered);
    expect(await delivered.textContent()).toContain(`New message (after ${AMARA}):`);
    expect(await page.getByText("Waiting for you (1)").count()).toBe(0);
    await page.screenshot({ path: join(SCREENSHOTS, "acting-as-introduced.png"), fullPage: true });
  });

  it("made no request beyond the local server and raised no script error", () => {
    expect(browser?.foreignRequests).toEqual([]);
    expect(browser?.pageErrors).toEqual([]);
  });
});
