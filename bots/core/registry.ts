/**
 * The one place commands and buttons are listed. Parsing (commands.ts), the help text and the Teams
 * manifest's command menu are generated from these tables, and `satisfies` makes a missing or misspelt
 * name a type error. Adding a command: write its handler in features/, add its name to CommandName and
 * one line to COMMANDS.
 */
// The namespace import lets esbuild keep only what is used (see config/config.ts).
import * as z from "zod";
import {
  BUTTON_VALUES,
  type ButtonHandler,
  button,
  type CommandHandler,
  type FormHandler,
  joinedValue,
  type PostedHandler,
  VALUE_PARTS,
} from "./feature.ts";
import { awayCommand, backCommand, capacityCommand, myCommand } from "./features/ambassador-self.ts";
import { editAnswerForm } from "./features/answer-edit.ts";
import {
  answersCommand,
  approveAnswerAction,
  proposeAnswerForm,
  rejectAnswerAction,
} from "./features/answers.ts";
import {
  blockerCommand,
  blockersCommand,
  consentAction,
  correctBlockerAction,
  logBlockerAction,
  resolveCommand,
} from "./features/blockers.ts";
import { ambassadorsCommand } from "./features/coordinators.ts";
import { digestCommand, lastWeekDigestAction } from "./features/digest.ts";
import { openFormAction } from "./features/form-fallback.ts";
import { gapsCommand } from "./features/gaps.ts";
import { guideCommand } from "./features/guide.ts";
import { helpCommand } from "./features/help.ts";
import {
  acceptIntroductionAction,
  chooseAmbassadorAction,
  choosePeerAction,
  declineIntroductionAction,
  mentorCommand,
  requestAmbassadorAction,
} from "./features/mentors.ts";
import {
  askAmbassadorsButton,
  nameMeButton,
  QUESTION_TRACK,
  questionPosted,
  sendToAmbassadorsButton,
} from "./features/network.ts";
import { confirmEraseAction, exportCommand, forgetMeCommand } from "./features/privacy.ts";
import { askCommand, helpfulAction, unhelpfulAction } from "./features/questions.ts";
import { subscribeCommand, unsubscribeCommand } from "./features/subscriptions.ts";
import {
  confirmVolunteerAction,
  declineVolunteerAction,
  volunteerCommand,
  volunteerForm,
} from "./features/volunteer.ts";
import { type FormId, parseFormOpenValue } from "./forms.ts";
import type { ActionId } from "./reply.ts";

/** Every command word Pathfinder understands. */
export type CommandName =
  | "ask"
  | "guide"
  | "blocker"
  | "blockers"
  | "resolve"
  | "mentor"
  | "digest"
  | "subscribe"
  | "unsubscribe"
  | "export"
  | "forget-me"
  | "away"
  | "back"
  | "capacity"
  | "my"
  | "ambassadors"
  | "volunteer"
  | "answers"
  | "gaps"
  | "help";

/** The commands, in the order the help text and Teams' command menu show them. */
export const COMMANDS = {
  ask: askCommand,
  guide: guideCommand,
  blocker: blockerCommand,
  blockers: blockersCommand,
  resolve: resolveCommand,
  mentor: mentorCommand,
  digest: digestCommand,
  subscribe: subscribeCommand,
  unsubscribe: unsubscribeCommand,
  export: exportCommand,
  "forget-me": forgetMeCommand,
  away: awayCommand,
  back: backCommand,
  capacity: capacityCommand,
  my: myCommand,
  ambassadors: ambassadorsCommand,
  volunteer: volunteerCommand,
  answers: answersCommand,
  gaps: gapsCommand,
  help: helpCommand,
} satisfies Record<CommandName, CommandHandler>;

/** The forms (bots/core/forms.ts), by id. */
export const FORMS = {
  "answer.propose": proposeAnswerForm,
  "answer.edit": editAnswerForm,
  "ambassador.volunteer": volunteerForm,
} satisfies Record<FormId, FormHandler>;

const { recordId, ambassadorId, category, topic } = VALUE_PARTS;

/**
 * The buttons, by the action id they carry (bots/core/reply.ts), each with the zod schema of its value: a
 * value that does not fit (forged, stale, 3,000 characters) is answered "expired" before the handler runs
 * (issue 13 item 13). `ButtonHandler` only comes from `button()`, so a new line cannot leave its value out.
 */
export const ACTIONS = {
  "feedback.helpful": button(BUTTON_VALUES.answerId, helpfulAction),
  "feedback.unhelpful": button(BUTTON_VALUES.answerId, unhelpfulAction),
  // Topic category ids, comma separated, or none.
  "ambassador.request": button(
    z.string().regex(new RegExp(`^(?:${category.source}(?:,${category.source}){0,9})?$`)),
    requestAmbassadorAction,
  ),
  "ambassador.choose": button(joinedValue(ambassadorId, topic), chooseAmbassadorAction),
  "peer.choose": button(joinedValue(recordId, topic), choosePeerAction),
  "intro.accept": button(BUTTON_VALUES.recordId, acceptIntroductionAction),
  "intro.decline": button(BUTTON_VALUES.recordId, declineIntroductionAction),
  "blocker.log": button(BUTTON_VALUES.text, logBlockerAction),
  "blocker.correct": button(joinedValue(recordId, category), correctBlockerAction),
  "blocker.consent": button(joinedValue(recordId, /quote|contact/), consentAction),
  "privacy.erase.confirm": button(BUTTON_VALUES.unused, confirmEraseAction),
  "digest.last-week": button(BUTTON_VALUES.unused, lastWeekDigestAction),
  "volunteer.confirm": button(BUTTON_VALUES.ambassadorId, confirmVolunteerAction),
  "volunteer.decline": button(BUTTON_VALUES.ambassadorId, declineVolunteerAction),
  // The question itself, or "answer:<answer id>" after "Not helpful".
  "network.ask": button(BUTTON_VALUES.text, askAmbassadorsButton),
  "network.send": button(
    BUTTON_VALUES.text.refine((v) => /^(?:anonymous|named)\|/.test(v)),
    sendToAmbassadorsButton,
  ),
  "network.name-me": button(joinedValue(recordId, recordId), nameMeButton),
  "answers.approve": button(BUTTON_VALUES.recordId, approveAnswerAction),
  "answers.reject": button(BUTTON_VALUES.recordId, rejectAnswerAction),
  // A form id, or "<form id>|<subject>" (the card an Edit button edits): bots/core/forms.ts parseFormOpenValue.
  "form.open": button(
    z
      .string()
      .max(200)
      .refine((v) => parseFormOpenValue(v) !== undefined),
    openFormAction,
  ),
} satisfies Record<ActionId, ButtonHandler>;

/**
 * Tracked channel posts (Outbound `kind: "channel"` with `track: "<prefix>:<id>"`), by prefix: what records where
 * the post landed.
 */
export const POSTED: Record<string, PostedHandler> = {
  [QUESTION_TRACK]: questionPosted, // open questions in the ambassadors' place (issue 15)
};

/** The command names, in registry order. */
export const COMMAND_NAMES = Object.keys(COMMANDS) as CommandName[];

/** True for an action id a button of ours can carry (a press from an old card may not). */
export function isActionId(id: string): id is ActionId {
  return Object.hasOwn(ACTIONS, id);
}

/** The help text, each command written with `prefix` ("/pathfinder " on Slack, "" elsewhere). */
export function helpLines(prefix: string): string[] {
  return COMMAND_NAMES.flatMap((name) => {
    const line = COMMANDS[name].helpLine?.(prefix);
    return line ? [line] : [];
  });
}

/** Teams' bot command menu (manifest `commandLists[].commands`), from the commands that have a menu description. */
export function teamsCommandMenu(): { title: string; description: string }[] {
  return COMMAND_NAMES.flatMap((name) => {
    const menu = COMMANDS[name].menu;
    return menu ? [{ title: name, description: menu }] : [];
  });
}
