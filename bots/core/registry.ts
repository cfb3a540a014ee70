/**
 * The one place commands and buttons are listed. Parsing (commands.ts), the help text and the Teams
 * manifest's command menu are generated from these tables, and `satisfies` makes a missing or misspelt
 * name a type error. Adding a command: write its handler in features/, add its name to CommandName and
 * one line to COMMANDS.
 */
import type { ActionHandler, CommandHandler, FormHandler, PostedHandler } from "./feature.ts";
import { awayCommand, backCommand, capacityCommand, myCommand } from "./features/ambassador-self.ts";
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
import { openFormAction, unavailableForm } from "./features/unavailable-form.ts";
import type { FormId } from "./forms.ts";
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
  answers: answersCommand,
  gaps: gapsCommand,
  help: helpCommand,
} satisfies Record<CommandName, CommandHandler>;

/** The buttons, by the action id they carry (bots/core/reply.ts). */
export const ACTIONS = {
  "feedback.helpful": helpfulAction,
  "feedback.unhelpful": unhelpfulAction,
  "ambassador.request": requestAmbassadorAction,
  "ambassador.choose": chooseAmbassadorAction,
  "peer.choose": choosePeerAction,
  "intro.accept": acceptIntroductionAction,
  "intro.decline": declineIntroductionAction,
  "blocker.log": logBlockerAction,
  "blocker.correct": correctBlockerAction,
  "blocker.consent": consentAction,
  "privacy.erase.confirm": confirmEraseAction,
  "digest.last-week": lastWeekDigestAction,
  "form.open": openFormAction,
  "network.ask": askAmbassadorsButton,
  "network.send": sendToAmbassadorsButton,
  "network.name-me": nameMeButton,
  "answers.approve": approveAnswerAction,
  "answers.reject": rejectAnswerAction,
} satisfies Record<ActionId, ActionHandler>;

/** The forms (bots/core/forms.ts), by id. */
export const FORMS = {
  "answer.propose": proposeAnswerForm,
  "ambassador.volunteer": unavailableForm,
} satisfies Record<FormId, FormHandler>;

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
