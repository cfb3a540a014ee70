/**
 * Stands in for `@slack/socket-mode` in Lambda bundles (see SLACK_BUNDLE_ALIAS). Bolt's App
 * module loads its Socket Mode receiver, which loads undici (about 0.5 MB minified); Pathfinder
 * uses AwsLambdaReceiver and never constructs a Socket Mode client.
 */
export class SocketModeClient {
  constructor() {
    throw new Error("Socket Mode is not bundled in Pathfinder's Lambda functions");
  }
}
