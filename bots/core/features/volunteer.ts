/**
 * `volunteer` (issue 16): someone offers to mentor. Chat replies with a button that opens the volunteer form (a
 * Slack modal, a Teams Adaptive Card, an HTML form in the playground; forms.ts); submitting stores the profile,
 * pending until a coordinator presses Confirm in the message Pathfinder sends them (or at once when configuration
 * lets volunteers go live). The rules are in peer/ambassador-volunteer.ts.
 */
import {
  makeVolunteering,
  type Volunteered,
  VolunteerFormError,
  type VolunteerInput,
} from "../../../peer/ambassador-volunteer.ts";
import { ambassadorLabel, ambassadorStatus, describeStatus } from "../../../peer/availability.ts";
import { NotAllowedError, NotFoundError } from "../../../peer/errors.ts";
import type { Ambassador, UserRef } from "../../../peer/ports.ts";
import { REGIONS } from "../../../peer/regions.ts";
import { CATEGORIES, categoryLabel } from "../../../peer/taxonomy.ts";
import type { ActionHandler, CommandHandler, FeatureContext, FormHandler } from "../feature.ts";
import { commandPrefix, result } from "../feature.ts";
import type { Form, FormSubmitRequest } from "../forms.ts";
import { action, blocksReply, textReply } from "../replies.ts";
import type { ActionRequest, Outbound, Reply } from "../reply.ts";

/** Ambassador ids as validation makes them (ambassador-validation.ts); anything else in a button is refused. */
const AMBASSADOR_ID = /^[a-z0-9][a-z0-9-]{0,63}$/;

function volunteering(ctx: FeatureContext) {
  return makeVolunteering({ ambassadors: ctx.peer.ambassadors, now: ctx.now });
}

function whereYouStand(ctx: FeatureContext, ambassador: Ambassador): string {
  return `You are already in the ambassador directory as *${ambassadorLabel(ambassador)}*: ${describeStatus(
    ambassadorStatus(ambassador, ctx.now()),
  )}.`;
}

/** Not in Teams' 10-command menu (it is full); help lists it. */
export const volunteerCommand: CommandHandler = {
  helpLine: (p) => `*${p}volunteer*: offer to mentor others as an ambassador`,
  bare: true,
  async run(ctx, req) {
    const own = await volunteering(ctx).own(req.actor);
    if (own)
      return result(
        textReply(
          `${whereYouStand(ctx, own)} Type *${commandPrefix(req.actor.platform)}help* for away, back and capacity.`,
        ),
      );
    return result(
      blocksReply(
        [
          {
            type: "text",
            text: "Thank you for offering to help. Ambassadors are practitioners who have been through a spin-out and talk to people facing the same obstacle. Tell us what you can help with:",
          },
          {
            type: "actions",
            actions: [action("form.open", "Open the volunteer form", "ambassador.volunteer", "primary")],
          },
        ],
        "private",
      ),
    );
  },
};

/** The form: the profile fields a volunteer fills in themself. */
function volunteerFormFor(displayName: string | undefined): Form {
  return {
    id: "ambassador.volunteer",
    title: "Volunteer as an ambassador",
    submitLabel: "Volunteer",
    intro:
      "Your name, topics, areas, region and bio are shown to people Pathfinder suggests you to. A coordinator confirms new ambassadors before anyone is introduced.",
    fields: [
      {
        id: "displayName",
        label: "Your name",
        kind: "text",
        required: true,
        maxLength: 80,
        ...(displayName ? { value: displayName } : {}),
      },
      {
        id: "categories",
        label: "Obstacles you can help with",
        kind: "multiselect",
        required: true,
        options: CATEGORIES.map((c) => ({ value: c.id, label: c.label })),
      },
      {
        id: "serviceAreas",
        label: "Service areas",
        kind: "text",
        maxLength: 400,
        hint: "Separate them with commas, e.g. adult social care, libraries",
      },
      {
        id: "region",
        label: "Region",
        kind: "select",
        options: REGIONS.map((r) => ({ value: r, label: r })),
      },
      {
        id: "bio",
        label: "A short bio",
        kind: "textarea",
        maxLength: 500,
        hint: "What you did and what you learnt (at most 500 characters)",
      },
      {
        id: "monthlyCapacity",
        label: "Introductions a month",
        kind: "number",
        required: true,
        value: "2",
        hint: "0 to 100",
      },
    ],
  };
}

function one(value: string | string[] | undefined): string {
  return (Array.isArray(value) ? value.join(",") : (value ?? "")).trim();
}

function many(value: string | string[] | undefined): string[] {
  const list = Array.isArray(value) ? value : (value ?? "").split(",");
  return list.map((v) => v.trim()).filter(Boolean);
}

function ownRef(ambassador: Ambassador): UserRef | undefined {
  if (ambassador.slackUserId) return { platform: "slack", userId: ambassador.slackUserId };
  if (ambassador.teamsUserId) return { platform: "teams", userId: ambassador.teamsUserId };
  return undefined;
}

function profileSummary(a: Ambassador): string {
  const lines = [
    `Topics: ${a.categories.map(categoryLabel).join(", ")}`,
    ...(a.serviceAreas.length ? [`Service areas: ${a.serviceAreas.join(", ")}`] : []),
    ...(a.region ? [`Region: ${a.region}`] : []),
    `Introductions a month: ${a.monthlyCapacity}`,
    ...(a.bio ? [`Bio: ${a.bio}`] : []),
  ];
  return lines.join("\n");
}

/** The message each coordinator on the volunteer's platform gets, with Confirm and Decline. */
function askCoordinators(ctx: FeatureContext, req: FormSubmitRequest, a: Ambassador): Outbound[] {
  const platform = req.actor.platform;
  const reply: Reply = blocksReply(
    [
      { type: "heading", text: `${a.displayName} volunteered as an ambassador` },
      { type: "text", text: profileSummary(a) },
      {
        type: "actions",
        actions: [
          action("volunteer.confirm", "Confirm", a.id, "primary"),
          action("volunteer.decline", "Decline", a.id),
        ],
      },
    ],
    "private",
    `${a.displayName} volunteered as an ambassador`,
  );
  return ctx.roles.coordinatorsOn(platform).map((userId) => ({
    kind: "direct",
    to: { platform, userId },
    reply,
    key: `volunteer:${a.id}:${userId}`,
  }));
}

function submitted(ctx: FeatureContext, req: FormSubmitRequest, outcome: Volunteered) {
  const a = outcome.ambassador;
  if (outcome.kind === "already") return result(textReply(whereYouStand(ctx, a)));
  if (outcome.kind === "live") {
    return result(
      textReply(
        `Thank you, ${a.displayName}: you are now an ambassador for ${a.categories.map(categoryLabel).join(", ")}. Pathfinder will suggest you to people facing those obstacles (up to ${a.monthlyCapacity} a month).`,
      ),
    );
  }
  const outbox = askCoordinators(ctx, req, a);
  const next =
    outbox.length > 0
      ? "A coordinator will confirm you shortly; I'll message you when they do."
      : "No coordinator is set up on this platform yet, so your offer waits in the directory until one confirms it.";
  return result(textReply(`Thank you, ${a.displayName}: your offer to mentor is saved. ${next}`), outbox);
}

export const volunteerForm: FormHandler = {
  async open(ctx, req) {
    const own = await volunteering(ctx).own(req.actor);
    if (own) return { result: result(textReply(whereYouStand(ctx, own))) };
    return { form: volunteerFormFor(req.actor.displayName) };
  },
  async submit(ctx, req) {
    const v = req.values;
    try {
      const region = one(v.region);
      const bio = one(v.bio);
      const input: VolunteerInput = {
        displayName: one(v.displayName),
        categories: many(v.categories),
        serviceAreas: one(v.serviceAreas),
        monthlyCapacity: one(v.monthlyCapacity),
        ...(region ? { region } : {}),
        ...(bio ? { bio } : {}),
      };
      const outcome = await volunteering(ctx).volunteer(req.actor, input, ctx.roles.volunteersGoLive);
      return { result: submitted(ctx, req, outcome) };
    } catch (error) {
      if (error instanceof VolunteerFormError) return { errors: error.byField };
      throw error;
    }
  },
};

async function decide(ctx: FeatureContext, req: ActionRequest, confirm: boolean) {
  if (!ctx.roles.isCoordinator(req.actor)) {
    throw new NotAllowedError("Only a coordinator can confirm or decline volunteers.");
  }
  if (!AMBASSADOR_ID.test(req.value))
    throw new NotFoundError("That volunteer is no longer in the directory.");
  const service = volunteering(ctx);
  const a = confirm ? await service.confirm(req.value) : await service.decline(req.value);
  const to = ownRef(a);
  const tell: Outbound[] = to
    ? [
        {
          kind: "direct",
          to,
          key: `volunteer-${confirm ? "confirmed" : "declined"}:${a.id}`,
          reply: textReply(
            confirm
              ? `A coordinator confirmed you as an ambassador. Pathfinder will now suggest you to people facing ${a.categories.map(categoryLabel).join(", ")} (up to ${a.monthlyCapacity} a month). Type *away until 2027-01-10*, *back* or *capacity 3* to change that.`
              : "Thank you for offering to mentor. A coordinator has not added you to the directory this time; they may be in touch.",
          ),
        },
      ]
    : [];
  return result(
    textReply(
      confirm
        ? `Confirmed: ${a.displayName} is now an ambassador.`
        : `Declined: ${a.displayName} was not added.`,
    ),
    tell,
  );
}

export const confirmVolunteerAction: ActionHandler = (ctx, req) => decide(ctx, req, true);
export const declineVolunteerAction: ActionHandler = (ctx, req) => decide(ctx, req, false);
