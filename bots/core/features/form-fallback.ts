/** The forms' fallback where nothing renders forms. */
import type { ActionHandler } from "../feature.ts";
import { result } from "../feature.ts";
import { textReply } from "../replies.ts";

/**
 * "form.open" pressed where nothing renders forms (the CLI; an adapter that intercepts the button never gets here):
 * say where the form works instead of failing.
 */
export const openFormAction: ActionHandler = async () =>
  result(
    textReply("That form opens in Slack, Teams or the playground. Type *help* to see what I can do here."),
  );
