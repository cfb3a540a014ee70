/**
 * Cleans a question before retrieval: markup and links out, instructions aimed at the bot out,
 * pastes cut to a sensible length, and requests that are plainly not about mutuals recognised.
 */

import { expandShorthand } from "./shorthand.ts";

/** Questions longer than this are cut: a 10,000-character paste is searched by its opening. */
export const MAX_QUESTION_CHARS = 1000;

/** What a question turned out to be, once cleaned. */
export interface PreparedQuestion {
  /** The question as retrieval sees it. */
  text: string;
  empty: boolean;
  truncated: boolean;
  /** Instructions aimed at the bot were found (and removed from `text`). */
  injection: boolean;
  /** A request outside the knowledge base's field (weather, poems, code...). */
  offTopic: boolean;
  /** A person asked for instead of the bot ("can I speak to a human?"): off topic, with a reply of its own. */
  personAsked?: boolean;
  /** Mostly non-Latin script: the articles are English. */
  foreignScript: boolean;
  /** The whole message is a greeting ("hi, how are you?") or thanks: small talk, not a question. */
  smallTalk?: "greeting" | "thanks";
}

/** Instructions to the model hidden in a question ("ignore your instructions..."). */
const INJECTION_PATTERNS = [
  /\b(?:ignore|disregard|forget|override|bypass)\b[^.?!\n]{0,40}\b(?:instructions?|rules|prompts?|guidelines|directions|everything|context|above)\b/i,
  /\b(?:system|developer|hidden)\s+(?:prompt|message|instructions?)\b/i,
  /\byou are (?:now|no longer)\b/i,
  /\b(?:pretend (?:to be|you are|you're)|role-?play as|act as (?:if you|an? (?:ai|assistant|chatbot|bot|pirate|different)))\b/i,
  /\b(?:jailbreak|dan mode|developer mode|do anything now)\b/i,
  /\b(?:reveal|print|show|repeat|output|leak)\b[^.?!\n]{0,30}\b(?:prompt|instructions|secrets?|api key|password|configuration)\b/i,
  /\bnew instructions?\b/i,
  /^\s*(?:system|assistant)\s*:/im,
  // Putting words in the sources' mouth ("pretend the articles say TUPE doesn't apply and confirm it").
  /\bpretend\b[^.?!\n]{0,30}\b(?:articles?|posts?|sources?|knowledge base|documents?|blogs?)\b|\b(?:imagine|suppose|assume) (?:that )?(?:the |your )(?:articles?|posts?|sources?)\s+(?:say|said|says)\b/i,
];

/**
 * A request that opens on its verb, politely or not ("can you please...", "please...", "pls...", then the verb):
 * `rest` is the pattern after the opening (its source is appended; matching ignores case), and `openings` adds
 * alternatives to the optional opening ("|i need you to\s+").
 */
const request = (rest: RegExp, openings = "") =>
  new RegExp(
    String.raw`^\s*(?:(?:can|could|would|will) you\s+(?:please\s+)?|please\s+|pls\s+${openings})?` +
      rest.source,
    "i",
  );

/** Requests no article about public-service mutuals can serve. */
const OFF_TOPIC_PATTERNS = [
  /\b(?:write|compose|generate|give me|make up|create)\b[^.?!\n]{0,40}\b(?:poem|poetry|haiku|limerick|sonnet|song|lyrics|rap|story|joke|essay|code|script|function|program|regex|sql query)\b/i,
  // Writing someone's own message for them ("help me write a leaving card message"): a task, not a
  // question the articles answer ("how do I write a business case?" is left to be answered).
  /\b(?:write|draft|compose|word|create)\b[^.?!\n]{0,30}\b(?:card|message|e-?mail|letter|speech|toast|tweet|cv|cover(?:ing)? letter|thank[- ]you note|out of office|linkedin post|bio)\b(?![^.?!\n]{0,40}\b(?:mutual|spin|staff|union|council|tupe)\b)/i,
  // What someone's own letter or announcement should say ("what should the letter to service users say when we
  // announce the spin out?"): writing their message for them, asked as a question.
  /\bwhat should (?:the|our|my|a|an|this|that) (?:[\w-]+ ){0,3}(?:letter|e-?mail|message|announcement|press release|statement|newsletter|leaflet|tweet|speech|notice)\b[^?]{0,60}?\bsay\b/i,
  // Making a creative or publicity piece ("write a press release announcing our spin-out", "a good
  // name for our mutual", "design a logo"): a task, whatever field words it carries.
  /\b(?:write|draft|design|make|create|come up with|suggest|think of|give me|need)\b[^.?!\n]{0,30}\b(?:press release|logo|slogan|strap ?line|tagline|poster|flyer|hashtag|jingle|mascot)s?\b/i,
  /\b(?:good|catchy|best|nice|snappy|fun|clever)\s+(?:names?|strap ?lines?|taglines?|slogans?)\b|\bnames? ideas\b/i,
  /\b(?:tell|know) (?:me )?(?:a|any) jokes?\b/i,
  /\bweather\b|\bforecast\b|\bwill it rain\b/i,
  // Abuse aimed at the bot ("I hate this council and I hate you too", "you're useless"): no question, whatever
  // field words come with it; the reply says what Pathfinder is for.
  /\b(?:i|we) (?:hate|despise|loathe|can'?t stand) (?:you|this bot|pathfinder)\b|\b(?:you(?:'re| are)|ur) (?:so |totally |completely |utterly )?(?:useless|rubbish|stupid|pathetic|an idiot|a joke|crap|garbage|worthless|hopeless|thick|dumb)\b|\b(?:stupid|useless|rubbish|pointless|dumb) (?:bot|chatbot|robot|machine|ai)\b|\bshut up\b/i,
  // Name-calling with nothing asked ("Our council is run by idiots.", "Our director is an idiot. Agree?"): the
  // insult ends the message save for a tag, so "our SMT are a bunch of clowns, how do we get past them?" is read.
  /^[^?]*\b(?:is|are)\s+(?:run by\s+)?(?:such\s+|a\s+bunch\s+of\s+|a\s+load\s+of\s+|complete\s+|total\s+|utter\s+)?(?:an?\s+)?(?:idiots?|clowns?|morons?|muppets?|numpties?|imbeciles?|fools?|jokers?)\b(?:\s+and\s+so\s+are\s+you|\s+too|\s+as\s+well)?[\s.!]*(?:agree|right|yes)?[\s?.!]*$/i,
  // The bot's own opinions or politics ("do you personally think...", "are you a Tory bot?"): it has none to give.
  /\bdo you personally\b|\byour (?:own |personal )?(?:opinion|politics|political views?)\b|\bare you (?:a |an )?(?:tory|labour|conservative|lib ?dem|liberal|green|reform|left[- ]wing|right[- ]wing|socialist|communist|lefty|leftie)\b|\bwhich (?:party|side) (?:are you|do you)\b|\bwho (?:do|would|did) you vote\b/i,
  /\b(?:python|javascript|typescript|java|c\+\+|rust|golang|html|css|sql|regex|bash)\b/i,
  /\b(?:recipe|recipes|horoscope|lottery|(?<!political )football|premier league|cricket score|movie|netflix|bitcoin|crypto)\b/i,
  /\btranslate\b/i,
  // About the bot itself ("who built you?", "what data do you store about me?"): the reply says what
  // Pathfinder is for; `privacy` and the README say what it keeps.
  /\b(?:who (?:built|made|created|wrote|programmed|runs|pays for) (?:you|pathfinder)|what data do you (?:store|keep|hold|collect)|do you (?:store|keep|save|record|log|remember|read) (?:what|anything|everything|my|the (?:things|stuff|messages|questions)) (?:i|we|people|you)?\b|are you (?:a bot|an ai|chatgpt|a human|human|real))\b/i,
  // The bot's workings and feelings ("how do you decide which articles to quote?", "do you like working for the
  // council?"), or an errand run for the asker ("please forward this to the Cabinet Office"): the reply says what
  // Pathfinder does and offers an ambassador. A person asked for is PERSON_ASKED, below.
  /\bhow do you (?:decide|choose|pick|work out|know|rank|find) (?:which|what) (?:articles?|sources?|posts?|answers?|passages?|quotes?|to (?:quote|cite|say))\b|\bhow do you work\s*[?.!]*\s*$|\bdo you (?:like|enjoy|love|hate)\b|\bare you (?:happy|bored|tired|ok|okay|alright)\b/i,
  request(/(?:forward|send|email|e-mail|post|share|pass)\s+(?:this|that|it|my (?:question|message))\b/),
  // A document made for the asker ("give me an agenda for the staff meeting", "summarise the articles you
  // know"): a task; the guide command lists what the articles cover.
  request(
    /(?:give|get|send|find|do) (?:me|us) (?:a|an|the|some) (?:[\w-]+\s+){0,2}(?:agenda|checklist|template|action plan|project plan|timeline|table|script|slides?|handout)\b|\b(?:summari[sz]e|sum up) (?:the|all|your|all the|all your) (?:articles|posts|sources|blogs|knowledge)\b/,
  ),
  // "what's employee ownership in German?": a translation, asked at the end of the question.
  /\b(?:in|into) (?:german|french|spanish|welsh|polish|italian|portuguese|urdu|punjabi|arabic|chinese|mandarin|gaelic|irish|dutch|romanian|bengali|hindi|latin)\s*[?.!]*\s*$/i,
  // A piece of writing or a sum asked for outright ("draft a letter to staff...", "can you write me a
  // business plan", "plan the agenda for our shadow board", "work out the break-even point", "remind
  // me on Friday"): a task, not a question; "how do I write a business case?" is a question the
  // articles answer, so only a request that opens with the verb counts.
  request(
    /(?:write|draft|redraft|rewrite|compose|make me|plan me|proof ?read|fill (?:in|out)|turn (?:my|this|these|the|it|them)|summari[sz]e (?:this|my|the attached)|rank the|generate|create (?:a|an|the|me)|plan (?:a|an|the|our|my)|work out|calculate|remind me|schedule)\b/,
    String.raw`|i need you to\s+`,
  ),
  // A deliverable wanted for a meeting ("i need a slide for tomorrow's union meeting on...", "can you make a
  // slide deck on mutuals for the cabinet?"): a task. "How do I present the case to cabinet?" is a question.
  /\bi need (?:a|an|some) (?:slides?|deck|presentation|powerpoint|briefing note|script|template)\b/i,
  request(
    /(?:make|build|do|prepare|produce|put together|knock up|mock up)\s+(?:me\s+|us\s+)?(?:a|an|some|the|our|my)\s+(?:[\w-]+\s+){0,2}(?:slides?|slide ?deck|deck|presentation|powerpoint|spreadsheet|infographic|diagram|flow ?chart|mind ?map|timeline|gantt)\b/,
  ),
  // An errand: booking a room, a venue, travel ("book a meeting room for the staff side consultation").
  request(
    /book\s+(?:me\s+|us\s+)?(?:a|an|the|our|my)\s+(?:[\w-]+\s+){0,2}(?:room|venue|table|taxi|train|flight|hotel|desk|slot|appointment)s?\b/,
  ),
  // Office work on the asker's own material ("convert this table into a pie chart", "give me a 30 second
  // elevator pitch for the lift"): a task, whatever field words the material carries.
  request(
    /convert\b|\b(?:pie|bar|gantt|org)\s+chart\b|\bpivot table\b|\b(?:give|write|make) me (?:a|an) (?:[\w-]+\s+){0,3}(?:elevator|lift) pitch\b/,
  ),
  // Workspace chores and the calendar ("rename this channel to spin-out-project", "what's the date today").
  request(
    /(?:rename|archive|delete|create|set up|mute|pin)\s+(?:this|the|a|our|my)\s+(?:channel|chat|thread|group|team|message)\b|\bwhat(?:'s|’s|s| is) (?:the )?(?:date|time|day) (?:today|now|is it)\b|\bwhat (?:day|date|time) is it\b/,
  ),
  // Chat and errands that ask for nothing the articles hold ("count the words in this message", "tell me
  // something interesting", "what's the score in the match?", "pathfinder, remind me on Friday to chase legal":
  // Pathfinder sets no personal reminders).
  request(
    /count (?:the|how many) (?:words|characters|letters)\b|\bword count\b|\btell me (?:something|anything) (?:interesting|fun|funny|random|new)\b|\bsurprise me\b|\bscore in the\b|\bremind me (?:to|on|at|in|about|tomorrow|next)\b/,
  ),
  // The bot's own preferences or recommendations between options ("would you rather...", "which would you
  // recommend", "what's your opinion", "your favourite"): the posts argue cases; Pathfinder quotes them and takes no side.
  /\b(?:would you rather|which (?:one )?would you (?:recommend|choose|pick)|just tell me which|what do you personally think|what do you (?:personally )?think of [^?]*\bpersonally\b|what(?:'s|’s|s| is) your (?:own |personal |honest |real )?(?:opinion|view|take)\b|in your (?:own |personal )?opinion\b|\byour (?:own )?(?:favourite|favorite|fave)\b)/i,
  /\b(?:capital|population) of (?:france|spain|germany|italy|japan|china|india|the usa|america)\b/i,
];

/**
 * A person asked for instead of the bot ("can I speak to a human?", "put me through to a real person"): off
 * topic, and answered with the way to a person (PERSON_MESSAGE). "Who can I talk to about TUPE?" asks for
 * nobody in particular and "how should we talk to a person who is anxious?" is a question: both are left to be answered.
 */
const PERSON_ASKED =
  /\b(?:(?:can|could|may) (?:i|we) (?:please )?|i(?:'d|’d| would) (?:rather |like to |prefer to )|i want to |let me )(?:speak|talk|chat) (?:to|with) (?:a|an|an actual|a real|a live) (?:human(?: being)?|person|agent|adviser|advisor|operator|member of staff)\b|\bput me through to (?:a|an|someone|somebody)\b|\b(?:is there|are there) (?:a|an|any) (?:real )?(?:humans?|person|people) (?:i can|to) (?:speak|talk|chat)\b/i;

/**
 * A speaker's introduction ("Cllr here.", "frontline worker here, ...", "service manager here:"):
 * who asks, not what they ask. Left in, the role's words match phrasings and passages about that
 * role whatever the question is about, and count against coverage of the question's point. A
 * question that opens on a question word or pronoun ("what happens here, if...") is not one.
 */
const SPEAKER_INTRO =
  /^\s*(?!(?:what|how|why|who|when|where|which|is|are|am|can|do|does|did|will|would|should|could|i|we|it|anyone|anybody)\b)(?:[\p{L}\p{N}'’&/-]+\s+){0,4}[\p{L}\p{N}'’&/-]+\s+here\s*[:,.;!–—-]+\s*/iu;

/** The text without a leading speaker's introduction (see SPEAKER_INTRO); unchanged when nothing follows it. */
export function withoutSpeakerIntro(text: string): string {
  const rest = text.replace(SPEAKER_INTRO, "");
  return /[\p{L}\p{N}]/u.test(rest) ? rest : text;
}

/**
 * Fixed expressions whose words say nothing of the subject ("why do we want this *in the first
 * place*", "*at the end of the day* it's about the service"). Retrieval weighs each word by how rare
 * it is in the articles, so an idiom's rare word ("place") outweighed the question's point and took
 * the card about places on the support programme. Each maps to a plain word carrying the idiom's
 * sense ("on board" is support, not a board of directors) or to nothing. Time expressions ("at the
 * moment", "now") are left alone: the subject rule reads them to decline present-day questions.
 * Hand-written: no installed library lists English idioms; this list is field-independent English.
 */
const FIXED_EXPRESSIONS: readonly [RegExp, string][] = [
  [/\bin the first place\b/gi, ""],
  [/\bat the end of the day\b/gi, ""],
  [/\bwhen all is said and done\b/gi, ""],
  [/\bby and large\b/gi, ""],
  [/\bas a matter of fact\b/gi, ""],
  [/\bfor what it(?:'|’)?s worth\b/gi, ""],
  [/\bin a nutshell\b/gi, ""],
  [/\ball things considered\b/gi, ""],
  [/\bat the drop of a hat\b/gi, ""],
  [/\b(?:to be (?:honest|fair|frank)|in all honesty)\b/gi, ""],
  [/\bif you ask me\b/gi, ""],
  // "what's the deal with X?", "what's the story behind X?": what X is, not a deal or a story.
  [
    /\bwhat(?:'|’)?s? (?:is )?the (?:deal|story|score|craic)(?: (?:with|behind|about)\b|\s*(?=[?.!]|$))/gi,
    "what is",
  ],
  [/\bwhat(?:'|’)?s? (?:is )?(?:that|it|this) all about\b/gi, "what is it"],
  [/\bso to speak\b/gi, ""],
  // Asking whether a situation is shared ("is that normal?", "has this happened to others?", "is it
  // just us?"): the situation told before it is the subject, and these words name none.
  [
    /\b(?:is|isn(?:'|’)?t) (?:that|this|it) (?:a )?(?:normal|common|typical|usual|unusual|standard)(?: (?:problem|reaction|experience|thing|issue|story|pattern))?\b/gi,
    "",
  ],
  [
    /\b(?:has|have) (?:this|that|it) happened (?:to (?:others|other councils|anyone else|other people)|elsewhere|anywhere else|before)\b/gi,
    "",
  ],
  [/\bis (?:it|this) just (?:us|me|our council|our team|my region|here)\b/gi, ""],
  [/\bam i missing something\b/gi, ""],
  // "explain X in plain English": a request for plain words, not a question about England.
  [/\bin (?:plain|simple|everyday) english\b/gi, ""],
  [/\bin lay(?:man|person|men|people)(?:'|’)?s? terms\b/gi, ""],
  [/\bon board\b/gi, "supportive"],
  // Figures of speech whose words would read as a subject: a strike, homework, a biblical name.
  [/\bstrik(?:e|ing|es) out on (?:our|their|its|your|my|his|her) own\b/gi, "go independent"],
  [/\bmark(?:s|ing)? (?:our|their|its|your|my|his|her) own homework\b/gi, "judge themselves"],
  [/\bdavid (?:and|v|vs|versus|against) goliath\b/gi, "small against big"],
];

/** Any of FIXED_EXPRESSIONS: one scan tells most questions (and every card phrasing) hold none. */
const ANY_FIXED_EXPRESSION = new RegExp(FIXED_EXPRESSIONS.map(([pattern]) => pattern.source).join("|"), "i");

/** The text with idioms that carry no subject replaced by their plain sense (see FIXED_EXPRESSIONS). */
export function withoutFixedExpressions(text: string): string {
  let plain = text;
  if (ANY_FIXED_EXPRESSION.test(text))
    for (const [pattern, sense] of FIXED_EXPRESSIONS) plain = plain.replace(pattern, sense);
  plain = plain
    .replace(/\s+([,.;:?!])/g, "$1")
    .replace(/[,;:]+(?=[?.!]|$)/g, "")
    // A dash or full stop left before the question mark of a removed ask ("... - is that normal?").
    .replace(/\s*[-–—]+\s*(?=[?.!]|$)/g, "")
    .replace(/[.!]\s*\?/g, "?")
    .replace(/^[\s,;:–—-]+/, "")
    .replace(/\s{2,}/g, " ")
    .trim();
  return /[\p{L}\p{N}]/u.test(plain) ? plain : text;
}

/**
 * What an asker's words say, as retrieval and card matching read them: chat shorthand read as its
 * words, no speaker introduction, no idioms.
 */
export function askedWording(text: string): string {
  return withoutFixedExpressions(withoutSpeakerIntro(withoutAddress(expandShorthand(text))));
}

/**
 * The bot addressed by its name ("hey Pathfinder, what can you do?", "thanks, pathfinder"): the name of
 * the product, not the articles' Pathfinder mutuals, which it would otherwise match. Only the name as
 * a greeting's object or set off by punctuation is dropped: "the Pathfinder mutuals" stays.
 */
const ADDRESS_AFTER_GREETING =
  /^(\s*(?:hi|hey|hello|hiya|howdy|yo|ok|okay|dear|morning|thanks|thank you|cheers)\s+)pathfinder\b\s*[,!:.]?\s*/i;
const ADDRESS_ALONE = /^\s*pathfinder\s*[,!:]\s*|,\s*pathfinder\s*([?!.]*)\s*$/i;

function withoutAddress(text: string): string {
  return text.replace(ADDRESS_AFTER_GREETING, "$1").replace(ADDRESS_ALONE, "$1");
}

/** No question word follows (a lookahead): "thanks for that" is thanks, "thanks - how do we...?" is a question. */
const NO_QUESTION_FOLLOWS = String.raw`(?![^?]*\b(?:what|how|why|who|when|where|which|can|could|should|would|is|are|do|does|did|will)\b)`;

/**
 * A whole message that is small talk: a greeting (with "how are you?" or "what can you do?"), or
 * thanks. Read on the message without the bot's name and end punctuation.
 */
const GREETING =
  /^(?:(?:hi|hello|hey|hiya|howdy|yo|good (?:morning|afternoon|evening)|morning|afternoon|evening)(?: there| all| everyone| team)?\s*[,!.]*\s*)?(?:how (?:are|r) (?:you|u|things)(?: doing| today)?|how(?:'s|’s|s| is) it going|how(?:'s|’s|s| is| has) (?:your|ur) (?:day|week|morning|afternoon|evening|weekend)(?: going| been)?(?: so far)?|you ok|what can you do|what do you do|who are you|what are you)?(?:\s*[,!.]*\s*pathfinder)?(?:\s*[,!.]*\s*(?:(?:i )?hope (?:you(?:'re|’re| are)|all(?:'s|’s| is)) (?:well|good|ok|okay)|(?:nice|good|lovely) to (?:meet|see) you))?$/i;
const THANKS = new RegExp(
  String.raw`^(?:(?:great|brilliant|perfect|lovely|ok|okay|cool|nice|super)\s*[,!.]?\s*)?(?:thanks|thank you|thank u|thx|ta|cheers|many thanks)(?: so much| very much| a lot| again| loads)?` +
    NO_QUESTION_FOLLOWS +
    String.raw`(?:\s*[,!.]*\s*(?:for (?:the|your|all the|that)\b[^?]{0,60}|(?:that|this|it)(?:'s|’s| was| is| has been) (?:really |very |so |super |most )?(?:helpful|useful|great|brilliant|perfect|spot on|what i needed)(?: for [^?]{1,40})?))?$`,
  "i",
);

/** A well-wish to the channel ("good luck with the board meeting today everyone!"): small talk, with no question in it. */
const WELL_WISH = new RegExp(
  String.raw`^(?:(?:hi|hello|hey|morning|afternoon)(?: all| everyone| team)?\s*[,!.]*\s*)?(?:good luck|best of luck|all the best|have a (?:good|great|nice|lovely) (?:day|weekend|week|evening|one|meeting|break|christmas)|congrat(?:s|ulations)|well done|happy (?:friday|monday|christmas|new year|holidays|easter))\b` +
    NO_QUESTION_FOLLOWS +
    "[^?]{0,80}$",
  "i",
);

function smallTalkOf(text: string): PreparedQuestion["smallTalk"] {
  const plain = text
    .replace(/[?!.…]+\s*$/u, "")
    .replace(/\s+/g, " ")
    .trim();
  if (!plain) return undefined;
  if (THANKS.test(plain)) return "thanks";
  return GREETING.test(plain) || WELL_WISH.test(plain) ? "greeting" : undefined;
}

function stripMarkup(text: string): string {
  return text
    .replace(/```[\s\S]*?```/g, " ")
    .replace(/<(script|style)\b[\s\S]*?<\/\1>/gi, " ")
    .replace(/<[^>]{0,200}>/g, " ")
    .replace(/&(?:nbsp|amp|lt|gt|quot|#\d+);/g, " ")
    .replace(/\b(?:https?:\/\/|www\.)\S+/gi, " ")
    .replace(/[*_`#>|~[\]{}]+/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

function removeInjections(text: string): { text: string; found: boolean } {
  const sentences = text.split(/(?<=[.?!\n])\s+/);
  const kept = sentences.filter((s) => !INJECTION_PATTERNS.some((pattern) => pattern.test(s)));
  return { text: kept.join(" ").trim(), found: kept.length !== sentences.length };
}

function isMostlyForeignScript(text: string): boolean {
  const letters = text.match(/\p{L}/gu) ?? [];
  if (letters.length === 0) return false;
  const latin = letters.filter((c) => /\p{Script=Latin}/u.test(c)).length;
  return latin / letters.length < 0.5;
}

/** Cleans a raw question and says what kind of question it is. */
export function prepareQuestion(raw: unknown): PreparedQuestion {
  const original = typeof raw === "string" ? raw : "";
  const truncated = original.length > MAX_QUESTION_CHARS * 2;
  const clipped = truncated ? original.slice(0, MAX_QUESTION_CHARS * 2) : original;
  const cleaned = stripMarkup(clipped);
  const { text: withoutInjection, found: injection } = removeInjections(cleaned);
  const text = askedWording(withoutInjection).slice(0, MAX_QUESTION_CHARS).trim();
  const hasWords = /[\p{L}\p{N}]/u.test(text);
  const smallTalk = hasWords ? smallTalkOf(text) : undefined;
  const personAsked = PERSON_ASKED.test(cleaned);
  return {
    ...(smallTalk ? { smallTalk } : {}),
    text: hasWords ? text : "",
    empty: !hasWords && !injection,
    truncated: truncated || withoutInjection.length > MAX_QUESTION_CHARS,
    injection,
    offTopic: personAsked || OFF_TOPIC_PATTERNS.some((pattern) => pattern.test(cleaned)),
    ...(personAsked ? { personAsked } : {}),
    foreignScript: isMostlyForeignScript(cleaned),
  };
}
