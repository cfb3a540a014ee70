/**
 * Forms' fallbacks. The placeholder behind a form id whose feature has not registered its handler yet (registry.ts FORMS): opening
 * or submitting it says so plainly instead of failing. Features replace their line in FORMS.
 */
import type { ActionHandler, FormHandler } from "../feature.ts";
import { result } from "../feature.ts";
import { textReply } from "../replies.ts";

const NOT_YET = "That form isn't available yet.";

export const unavailableForm: FormHandler = {
  open: async () => ({ result: result(textReply(NOT_YET)) }),
  submit: async () => ({ result: result(textReply(NOT_YET)) }),
};

/**
 * "form.open" pressed where nothing renders forms (the CLI; an adapter that intercepts the button never gets here):
 * say where the form works instead of failing.
 */
export const openFormAction: ActionHandler = async () =>
  result(
    textReply("That form opens in Slack, Teams or the playground. Type *help* to see what I can do here."),
  );
