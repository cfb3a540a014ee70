/**
 * The command-line synth path, as CI and an operator run it: `npx cdk synth` in a fresh process
 * with no AWS credentials, no AWS config, npm offline and CI-like settings. It must write a complete cloud
 * assembly (template + five bundled assets) and pass cdk-nag and CDK's built-in template validation,
 * both of which fail the process on a finding.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { REPO_ROOT } from "../../cdk/bundling.ts";

interface CdkJson {
  app: string;
  output: string;
  notices: boolean;
  context: Record<string, unknown>;
}

const cdkJson = JSON.parse(readFileSync(join(REPO_ROOT, "cdk.json"), "utf8")) as CdkJson;
const scratch = mkdtempSync(join(tmpdir(), "pathfinder-synth-"));

afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** The environment of a CI runner with no AWS account configured and no way to reach one. */
function offlineEnv(extra: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (!/^(AWS_|CDK_)/.test(name)) env[name] = value;
  }
  return {
    ...env,
    CI: "true",
    // No ~/.aws: nothing to find credentials or a region in; no instance metadata probing.
    HOME: scratch,
    AWS_CONFIG_FILE: join(scratch, "no-config"),
    AWS_SHARED_CREDENTIALS_FILE: join(scratch, "no-credentials"),
    AWS_EC2_METADATA_DISABLED: "true",
    npm_config_offline: "true",
    npm_config_update_notifier: "false",
    CDK_DISABLE_VERSION_CHECK: "true",
    ...extra,
  };
}

/** Runs the real CDK CLI (`npx cdk synth`), as an operator or CI would, with context overrides. */
function runApp(outdir: string, context: Record<string, unknown>) {
  const overrides = Object.entries(context)
    .filter(([key, value]) => cdkJson.context[key] !== value)
    .flatMap(([key, value]) => ["--context", `${key}=${String(value)}`]);
  return new Promise<{ code: number | null; output: string }>((resolve, reject) => {
    const child = spawn(
      "npx",
      ["cdk", "synth", "--quiet", "--no-notices", "--output", outdir, ...overrides],
      {
        cwd: REPO_ROOT,
        env: offlineEnv({}),
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => {
      output += chunk;
    });
    child.stderr.on("data", (chunk) => {
      output += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, output }));
  });
}

describe("cdk.json", () => {
  it("runs the TypeScript app with tsx, writes cdk.out and never fetches notices", () => {
    expect(cdkJson.app).toMatch(/^npx tsx cdk\/app\.ts$/);
    expect(cdkJson.output).toBe("cdk.out");
    expect(cdkJson.notices).toBe(false);
  });
});

describe("synth from the command line, offline and without credentials", () => {
  it("writes the stack's template and five bundled functions, passing cdk-nag and validation", async () => {
    // Prepare
    const outdir = join(scratch, "cdk.out");

    // Act
    const { code, output } = await runApp(outdir, cdkJson.context);

    // Assess
    expect(code, output).toBe(0);
    const manifest = JSON.parse(readFileSync(join(outdir, "manifest.json"), "utf8")) as {
      artifacts: Record<string, { type: string; environment?: string }>;
    };
    expect(manifest.artifacts.Pathfinder).toMatchObject({
      type: "aws:cloudformation:stack",
      // Environment-agnostic: deployable to whichever account and region the operator's credentials name.
      environment: "aws://unknown-account/unknown-region",
    });
    const template = JSON.parse(readFileSync(join(outdir, "Pathfinder.template.json"), "utf8")) as {
      Resources: Record<string, { Type: string }>;
    };
    expect(Object.values(template.Resources).filter((r) => r.Type === "AWS::Lambda::Function")).toHaveLength(
      6, // the bots, the digest, the documents indexer (issue 14) and the network reminders (issue 15)
    );
    const assets = readdirSync(outdir).filter((name) => name.startsWith("asset."));
    expect(assets).toHaveLength(6);
    for (const asset of assets) {
      const bundle = join(outdir, asset, "index.mjs");
      expect(statSync(bundle).size).toBeGreaterThan(1_000);
      expect(existsSync(`${bundle}.map`)).toBe(true);
      // Minified, ESM, and the require/__dirname shim is in front of the code.
      expect(readFileSync(bundle, "utf8").slice(0, 400)).toContain("const require=");
    }
    const report = JSON.parse(readFileSync(join(outdir, "validation-report.json"), "utf8")) as {
      pluginReports: { violations?: unknown[] }[];
    };
    expect(report.pluginReports.flatMap((r) => r.violations ?? [])).toEqual([]);
  }, 300_000);

  it("fails with a clear message on a malformed context value, before bundling anything", async () => {
    const { code, output } = await runApp(join(scratch, "bad.out"), {
      ...cdkJson.context,
      microsoftAppTenantId: "not-a-guid",
    });

    expect(code).not.toBe(0);
    expect(output).toContain("context microsoftAppTenantId must be a GUID");
    expect(output).not.toContain("Bundling asset");
  }, 120_000);
});
