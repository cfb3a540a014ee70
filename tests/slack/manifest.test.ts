import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { COMMAND_NAMES } from "../../bots/core/registry.ts";
import { SLASH_COMMAND } from "../../bots/slack/events-app.ts";
import { SAVE_ANSWER_SHORTCUT } from "../../bots/slack/forms.ts";

interface Manifest {
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    slash_commands: { command: string; url: string; usage_hint: string }[];
    shortcuts?: { name: string; type: string; callback_id: string; description: string }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[]; user_events?: string[] };
    interactivity: { is_enabled: boolean; request_url: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = parse(
  readFileSync(join(import.meta.dirname, "..", "..", "bots", "slack", "manifest.yaml"), "utf8"),
) as Manifest;

describe("bots/slack/manifest.yaml", () => {
  it("asks for exactly the bot scopes the code uses, and no user scopes", () => {
    // Assess
    expect([...manifest.oauth_config.scopes.bot].sort()).toEqual([
      "app_mentions:read",
      "channels:history",
      "chat:write",
      "commands",
      "files:write",
      "groups:history",
      "im:history",
      "im:write",
      "mpim:history",
      "mpim:write",
      "reactions:write",
    ]);
    expect(manifest.oauth_config.scopes.user).toBeUndefined();
  });

  it("subscribes to exactly the events the handler listens to", () => {
    // Assess
    expect([...manifest.settings.event_subscriptions.bot_events].sort()).toEqual([
      "app_home_opened",
      "app_mention",
      "message.channels",
      "message.groups",
      "message.im",
    ]);
    expect(manifest.settings.event_subscriptions.user_events).toBeUndefined();
  });

  it("registers the slash command, App Home and interactivity on one placeholder URL", () => {
    // Prepare
    const urls = [
      manifest.settings.event_subscriptions.request_url,
      manifest.settings.interactivity.request_url,
      ...manifest.features.slash_commands.map((c) => c.url),
    ];

    // Assess
    expect(manifest.features.slash_commands.map((c) => c.command)).toEqual([SLASH_COMMAND]);
    expect(manifest.features.app_home).toMatchObject({ home_tab_enabled: true, messages_tab_enabled: true });
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(manifest.settings.socket_mode_enabled).toBe(false);
    expect(new Set(urls).size).toBe(1);
    expect(urls[0]).toMatch(/^https:\/\/REPLACE-WITH-YOUR-FUNCTION-URL\.example\/slack\/events$/);
  });

  it("offers the Save answer message shortcut under the callback id the events handler listens for", () => {
    // Assess
    expect(manifest.features.shortcuts).toEqual([
      expect.objectContaining({
        name: "Save answer to Pathfinder",
        type: "message",
        callback_id: SAVE_ANSWER_SHORTCUT,
      }),
    ]);
  });

  it("hints only at commands the core's registry knows", () => {
    // Prepare
    const hinted = (manifest.features.slash_commands[0]?.usage_hint ?? "")
      .split("|")
      .map((part) => part.trim().split(/\s+/)[0] ?? "");

    // Assess
    expect(hinted.length).toBeGreaterThan(0);
    for (const word of hinted) expect(COMMAND_NAMES).toContain(word);
  });
});
