/**
 * The App Home tab: what Pathfinder is, the person's open introductions and logged blockers,
 * and privacy controls. Built from the peer-support ports; rendered with render.ts so the
 * same escaping and limits apply.
 */
import type { types } from "@slack/bolt";
import { findOwnProfile } from "../../peer/ambassador-self.ts";
import { ambassadorLabel, availabilityOf } from "../../peer/availability.ts";
import type { Ambassador, Introduction, ObstacleReport, PeerServices, UserRef } from "../../peer/ports.ts";
import { categoryLabel } from "../../peer/taxonomy.ts";
import type { ReplyBlock } from "../core/reply.ts";
import type { HomeActionId } from "./jobs.ts";
import { editorHomeBlocks } from "./network-home.ts";
import { renderBlocks, SLACK_LIMITS } from "./render.ts";

/** What views.publish takes for a Home tab. */
export interface HomeView {
  type: "home";
  blocks: types.KnownBlock[];
}

const INTRO_STATUS: Record<Introduction["status"], string> = {
  proposed: "waiting for a reply",
  accepted: "accepted: say hello in your group DM",
  declined: "declined",
  done: "done",
};

/** Shown per list; the Home tab allows 100 blocks and each item can take two. */
const LIST_LIMIT = 10;

/** A Slack-only App Home button (each runs the slash command of the same name). */
function homeButton(id: HomeActionId, label: string, style?: "danger"): types.Button {
  return {
    type: "button",
    action_id: id,
    value: id,
    text: { type: "plain_text", text: label },
    ...(style ? { style } : {}),
  };
}

function introductionItems(intros: Introduction[]) {
  return intros.slice(0, LIST_LIMIT).map((i) => ({
    title: `${i.kind === "ambassador" ? (i.targetName ?? "An ambassador") : "A peer"}: ${categoryLabel(i.topic)}`,
    detail: `${INTRO_STATUS[i.status]} · asked ${i.createdAt.slice(0, 10)}`,
  }));
}

function blockerItems(reports: ObstacleReport[]) {
  return reports.slice(0, LIST_LIMIT).map((r) => {
    const text = r.text.length > 160 ? `${r.text.slice(0, 159)}…` : r.text;
    return {
      title: `${r.categories.map((c) => categoryLabel(c.id)).join(", ") || "Uncategorised"} (${r.status})`,
      detail: `${text}\nReference ${r.id.slice(0, 8)} · ${r.createdAt.slice(0, 10)}`,
    };
  });
}

/** An ambassador's own section: the same status wording as the CLI, the playground and Teams. */
function ambassadorSection(profile: Ambassador, now: Date): ReplyBlock[] {
  return [
    { type: "heading", text: "You as an ambassador" },
    {
      type: "text",
      text: `*${ambassadorLabel(profile)}*: ${availabilityOf(profile, now).label}, up to ${profile.monthlyCapacity} introduction${profile.monthlyCapacity === 1 ? "" : "s"} a month.`,
    },
    {
      type: "context",
      text: "Change it with /pathfinder away until 2027-01-10, /pathfinder back or /pathfinder capacity 3; /pathfinder my introductions lists requests waiting for you.",
    },
  ];
}

/**
 * Builds the Home tab for one person (`now`: the clock's reading, for the ambassador status). An editor also sees
 * the answers waiting for review and the gaps (when `peer` carries the network's ports).
 */
export async function buildHomeView(
  peer: Pick<PeerServices, "ambassadors" | "introductions" | "obstacles"> &
    Partial<Pick<PeerServices, "community" | "network">>,
  user: UserRef,
  now: Date = new Date(),
  options: { editor?: boolean } = {},
): Promise<HomeView> {
  const { community, network } = peer;
  const [intros, reports, profile, editorBlocks] = await Promise.all([
    peer.introductions.listForUser(user),
    peer.obstacles.listForUser(user, { limit: LIST_LIMIT }),
    findOwnProfile(peer.ambassadors, user),
    options.editor && community && network ? editorHomeBlocks({ community, network }) : [],
  ]);
  const open = intros.filter((i) => i.status === "proposed" || i.status === "accepted");
  const blocks: ReplyBlock[] = [
    { type: "heading", text: "Pathfinder" },
    {
      type: "text",
      text:
        "Peer support for people spinning council services out into employee-owned mutuals. " +
        "Ask a question and get an answer with its sources, meet an *ambassador* or a *peer* who faced the same " +
        "obstacle, log your *blockers* so the programme sees what is common, and get a weekly digest.",
    },
    {
      type: "context",
      text: "Mention @Pathfinder in a channel, send it a direct message, or type /pathfinder help. /pathfinder guide lists the guide's topics, each with a brief you can forward to your director.",
    },
    ...editorBlocks,
    ...(profile ? ambassadorSection(profile, now) : []),
    { type: "heading", text: "Your introductions" },
    open.length
      ? { type: "items", items: introductionItems(open) }
      : { type: "text", text: "None open. Try /pathfinder mentor <topic>." },
    { type: "heading", text: "Your blockers" },
    reports.length
      ? { type: "items", items: blockerItems(reports) }
      : { type: "text", text: "None logged. Try /pathfinder blocker <what is blocking you>." },
    { type: "heading", text: "Your data" },
    {
      type: "text",
      text:
        "Blocker text is stored without contact details and expires after 13 months; your Slack id is stored " +
        "only as a keyed hash, except where an introduction needs to reach you.",
    },
  ];
  const privacy: types.ActionsBlock = {
    type: "actions",
    elements: [
      homeButton("home.export", "Export my data"),
      homeButton("home.forget-me", "Forget me", "danger"),
      homeButton("home.help", "Help"),
    ],
  };
  return {
    type: "home",
    blocks: [...renderBlocks(blocks, { maxBlocks: SLACK_LIMITS.homeBlocks - 1 }), privacy],
  };
}
