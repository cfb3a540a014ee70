/**
 * esbuild settings for the Slack Lambda bundles, shared by the bench and the CDK stack
 * (NodejsFunction: `bundling.esbuildArgs: { "--alias:@slack/socket-mode": SOCKET_MODE_STUB }`).
 */
import { join } from "node:path";

/** Absolute path of the Socket Mode stand-in. */
export const SOCKET_MODE_STUB = join(import.meta.dirname, "socket-mode-stub.ts");

/** Module aliases that keep unused parts of Bolt out of the bundle. */
export const SLACK_BUNDLE_ALIAS: Record<string, string> = { "@slack/socket-mode": SOCKET_MODE_STUB };
