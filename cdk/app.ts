/**
 * The CDK app (`npx cdk synth|deploy`, see cdk.json): one Pathfinder stack, checked by cdk-nag's
 * AwsSolutions rules on every synth. Environment-agnostic: no account, region or lookup is needed to synth.
 */
import { App, Validations } from "aws-cdk-lib";
import { AwsSolutionsChecks } from "cdk-nag";
import { PathfinderStack } from "./pathfinder-stack.ts";
import { readDeploySettings } from "./settings.ts";

/** Builds the app; tests call this with their own context and entries. */
export function buildApp(
  options: { app?: App; entries?: ConstructorParameters<typeof PathfinderStack>[2]["entries"] } = {},
) {
  const app = options.app ?? new App();
  const settings = readDeploySettings((key) => app.node.tryGetContext(key));
  const stack = new PathfinderStack(app, app.node.tryGetContext("stackName") ?? "Pathfinder", {
    settings,
    entries: options.entries,
    description:
      "Pathfinder: peer support and a cited knowledge base for public-service mutuals (Slack, Teams)",
  });
  // cdk-nag 3 is a policy-validation plugin: any unacknowledged finding fails `cdk synth`.
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

// Run as the CDK app (cdk.json "app"), not when imported by tests.
if (import.meta.url === `file://${process.argv[1]}`) {
  buildApp().app.synth();
}
