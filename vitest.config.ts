import { defineConfig } from "vitest/config";

/**
 * Two projects. `unit` needs no Java, browser or child process and runs in seconds
 * (`npx vitest run --project unit`); `integration` (files named `*.int.test.ts`) talks to real
 * local services: DynamoDB Local started once by the global setup, fake Slack/OpenAI/Bot Connector
 * servers on 127.0.0.1, headless Chromium, the CDK CLI. `npm test` runs both.
 */
export default defineConfig({
  test: {
    // Tests talk to real local services (DynamoDB Local, fake Slack/OpenAI servers on 127.0.0.1).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    allowOnly: false,
    // CI reads the JSON summary to print its "N passed, N failed" line (.ci/run).
    reporters: process.env.CI
      ? ["default", ["json", { outputFile: "test-output/vitest-results.json" }]]
      : ["default"],
    projects: [
      {
        test: {
          name: "unit",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/**/*.int.test.ts"],
        },
      },
      {
        test: {
          name: "integration",
          include: ["tests/**/*.int.test.ts"],
          globalSetup: ["tests/setup/global-dynamodb.ts"],
        },
      },
    ],
  },
});
