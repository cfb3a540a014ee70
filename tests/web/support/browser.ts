/**
 * Headless Debian Chromium (playwright-core, never a browser download) on a throwaway profile, pointed at a local
 * playground: every request beyond the server is refused and recorded, and page errors are collected, so each
 * test can assert the page stayed local and error-free.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface PlaygroundBrowser {
  context: BrowserContext;
  page: Page;
  /** URLs the page tried to reach beyond the local server (refused). */
  foreignRequests: string[];
  /** Uncaught errors in the page. */
  pageErrors: string[];
  close(): Promise<void>;
}

export async function openPlaygroundBrowser(origin: string): Promise<PlaygroundBrowser> {
  const userDataDir = mkdtempSync(join(tmpdir(), "pathfinder-chromium-"));
  const foreignRequests: string[] = [];
  const pageErrors: string[] = [];
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
    viewport: { width: 1200, height: 900 },
  });
  await context.route("**/*", async (route) => {
    const url = route.request().url();
    if (url.startsWith(origin) || url.startsWith("data:")) return route.continue();
    foreignRequests.push(url);
    return route.abort();
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on("pageerror", (error) => pageErrors.push(error.message));
  return {
    context,
    page,
    foreignRequests,
    pageErrors,
    async close() {
      await context.close();
      rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}
