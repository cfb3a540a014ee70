import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    globalSetup: ["tests/setup/global-dynamodb.ts"],
    // Tests talk to real local services (DynamoDB Local, fake Slack/OpenAI servers on 127.0.0.1).
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    allowOnly: false,
    // CI reads the JSON summary to print its "N passed, N failed" line (.ci/run).
    reporters: process.env.CI
      ? ["default", ["json", { outputFile: "test-output/vitest-results.json" }]]
      : ["default"],
  },
});
