/**
 * Questions whose form alone shows the 2011-12 articles cannot answer them (issue 11), read by the
 * subject rule (subject.ts): who holds an office now, what is on or open, what came of a plan, a later
 * year, a whole list, a procedure, a numbered provision, a personal or supplier choice. Each pattern
 * says why in its comment; subject.ts reads them in two groups around its check of unknown names. The
 * patterns about people and named bodies (offices, boards, careers, a body as it stands now) are in
 * people-forms.ts; this file reads them in its order.
 */
import {
  BOARD_MEMBERS,
  CAREER_HISTORY,
  CURRENT_OFFICE,
  NAMED_BODY_SERVICES,
  NAMED_NOW,
  NAMED_PRESENT,
  ORGANISER,
  OWN_CAREER,
  PERSONAL_CHOICE,
  PRESENT_DAY,
  SUCCESSION,
  WHO_IS_MINE,
} from "./people-forms.ts";
import type { OutOfFieldSubject } from "./subject.ts";
import { MONTH_NAME } from "./text.ts";

/** The last year the articles were written in: later years are events they cannot report. */
const LAST_ARTICLE_YEAR = 2012;

/** A later year read as the past: "after 2015", "since 2013", or a past-tense question naming one. */
const AFTER_YEAR = /\b(?:after|since|post)[\s-]+((?:19|20)\d\d)\b/i;
const DURING_YEAR = new RegExp(
  `\\b(?:in|during|throughout)\\s+(?:(?:early|mid|late|${MONTH_NAME})[\\s-]+)?((?:19|20)\\d\\d)\\b`,
  "i",
);
const PAST_TENSE = /\b(?:did|was|were|has|have|had|happened|went|became|got|won|lost|ended|closed|folded)\b/i;

/**
 * A numbered provision of a statute or contract ("regulation 77", "section 106", "clause 4.2"):
 * blog posts about the politics of mutuals never cite law at that level of detail.
 */
const NUMBERED_PROVISION =
  /\b(?:regulations?|reg|section|sections|s\.|article|articles|clause|clauses|schedule|paragraph|para|rule)\s*\d+(?:\.\d+)*[a-z]?\b/i;

/**
 * "Leave" as a noun (time off: "carry over leave", "my leave", "a day's leave", "the leave
 * policy"): the articles use it only as a verb (leaving the council). Read from the words around it.
 */
const LEAVE_AS_NOUN =
  /\b(?:a|my|your|his|her|their|of|on|over|unpaid|paid|annual|day'?s|days'|week'?s|weeks'|take|book|booked|request|requested|carry|accrued|outstanding)\s+leave\b(?!\s+(?:the|our|a|an|their|its|this|local|council)\b)|\bleave\s+(?:policy|policies|entitlement|entitlements|allowance|allowances|year|request|requests|form|balance|record|records|days)\b/i;

/**
 * Why `question` asks about a time the 2011-12 articles cannot speak to, else undefined: what
 * happened after a year they reached, or in a later year they never name. A later year they do name
 * as a goal ("a million in mutuals by 2015") may be asked about in the past tense ("did ministers
 * want a million by 2015?") and answered from them.
 */
function laterThanArticles(question: string, knows: (word: string) => boolean): string | undefined {
  // Only a question about the past: "will support continue after 2012?" asks what the posts foresaw.
  if (!PAST_TENSE.test(question)) return undefined;
  const after = question.match(AFTER_YEAR);
  if (after && Number(after[1]) >= LAST_ARTICLE_YEAR) return after[0];
  // "Did ... in 2016?" asks what happened then; "did ministers want a million by 2015?" asks what
  // the posts reported as a goal.
  const during = question.match(DURING_YEAR);
  if (during && Number(during[1]) > LAST_ARTICLE_YEAR) return during[0];
  for (const year of question.match(/\b(?:19|20)\d\d\b/g) ?? [])
    if (Number(year) > LAST_ARTICLE_YEAR && !knows(year)) return year;
  return undefined;
}

/**
 * "The capital of Scotland": a capital city, read from the capitalised place after it ("the
 * capital of a joint venture" is the field's sense). Case matters, so this is not in the word lists.
 */
const CAPITAL_CITY =
  /\b[Cc]apital\s+(?:city\s+)?of\s+(?:the\s+)?[A-Z]|\bcapital\s+(?:city\s+)?of\s+(?!(?:the|a|an|our|their|its|your|my|this|that|these|those|public|private|staff|mutuals?|councils?)\b)[a-z]+\s*[?.!]*\s*$/i;

/**
 * Whether something is on at a coming time ("is the sale on this weekend?", "is the market on
 * tomorrow?"): listings of events, which posts from 2011-12 cannot give. Only "is/are ... on" followed
 * by a near time, so "on track" or "a meeting on Tuesday about staff" is left alone.
 */
const WHATS_ON =
  /\b(?:is|are)\b[^?.!]{0,40}?\bon\s+(?:this|next)\s+(?:weekend|week|morning|afternoon|evening|monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b|\b(?:is|are)\b[^?.!]{0,40}?\bon\s+(?:tonight|tomorrow|today)\b/i;

/**
 * When the next one of something is ("when is the next local election?", "when's the next funding
 * round?"): a coming date, which posts from 2011-12 cannot give.
 */
/**
 * When somewhere opens or closes ("what time does the union bar close tonight?"): a listing, which
 * posts from 2011-12 cannot give.
 */
const OPENING_TIME = /\bwhat time (?:does|do|is|are|will)\b[^?]*?\b(?:open|opens|close|closes|shut|shuts)\b/i;

/**
 * A procedure or who performs a formal step ("what's the process for getting cabinet to sign off?",
 * "who audits a community benefit society?", "which committee approves..."): blog posts from 2011-12
 * argue why and report what happened; they give no procedures (as with the documents-and-procedures
 * subjects). "How do we get started?" is left to be answered: the posts do say what helped. Applying
 * for something ("how do we apply to the Mutuals Support Programme?", "can I apply for a grant?") is
 * such a procedure; "does TUPE apply to the transfer?" asks what a rule covers, and is left alone.
 */
const PROCEDURE =
  /\b(?:(?:how|where|when) (?:do|can|would|should|could) (?:i|we|you|they|staff) apply|(?:can|could|should|do) (?:i|we) apply (?:for|to)|what(?:'s|’s| is) the (?:process|procedure) (?:for|of|to)|what are the (?:steps|stages|requirements) (?:for|to|of)|step[- ]by[- ]step|(?:week|day|month) by (?:week|day|month)|who do (?:we|i) (?:send|email|e-mail|write to|contact|apply to|submit)|how exactly (?:do|can|should|would|will) (?:we|i)|exactly how (?:do|can|should|would|will) (?:we|i)|how (?:do|can|should) (?:we|i) actually|what forms? do (?:we|i) (?:fill|complete|need|submit|use)|which forms? do (?:we|i)|who (?:audits|approves|appoints|regulates|registers)|which committee)\b/i;

/**
 * What came of something the posts report as a plan or a hope ("did the ambassadors scheme ever get
 * going?", "how did Newton Rigg end up?", "which supplier won in the end?"): the outcome came after
 * 2011-12. "What happened to the youth services spin-out?" is left to be answered: the posts report
 * some setbacks as they happened. A later report or follow-up, how a body performed after a contract
 * started, and what else an author went on to write are fates of the same kind.
 */
const OUTCOME = new RegExp(
  `\\b(?:${[
    // Whether a plan came off, and what came of it.
    /in the end|ever (?:actually |really )?(?:happen(?:ed)?|get going|got going|go ahead|went ahead|launch(?:ed)?|take off|took off|materiali[sz]ed?|come off|came off|spin out|spun out|turned? into|bec[oa]me|get off the ground|got off the ground)|ended up|\bdid\b[^?]{0,60}?\bend up|\bdid\b[^?]*?\bactually happen/,
    /what (?:ever )?(?:happened|became) (?:of|to|with)\b[^?]*?\b(?:after|since|eventually|next|afterwards)|whatever happened|what replaced/,
    /did (?:it|they) (?:break up|survive|last|work out|fold|close|go ahead|get sold)|(?:did|was) it (?:get )?sold|ever (?:find|found) out/,
    // How something turned out ("how much did the schools contract turn out to be worth?"), and the final
    // version of a paper or law the posts saw in draft ("the Taskforce's final report", "the final wording").
    /\bdid\b[^?]{0,60}?\bturn out\b|\bfinal (?:report|recommendations|version|wording|text|draft|decision|verdict|outcome)\b/,
    /(?:is|are) (?:the|it|they)\b[^?]{0,40}?\bstill running|after all the scandals?/,
    /ever (?:restart(?:ed)?|resumed?|re-?open(?:ed)?)|eventually (?:end(?:ed)?|close[sd]?|fold(?:ed)?|collapse[sd]?|wound up|wind up)|how did\b[^?]{0,100}\bwork(?:ed)? out\b/,
    // Who won, was chosen or took over.
    /who won(?!['’]t)|which (?:[\w-]+ ){1,3}(?:actually |eventually |finally )?won\b|did (?:the|they|it)\b[^?]{0,40}?\b(?:pick|choose|chose|select(?!\s+committee)|appoint)\b/,
    /who (?:took|has taken) over\b|which [\w-]+ (?:actually |eventually )?took over\b/,
    // Whether a bill became law, and when.
    /\bbill (?:ever )?(?:pass|passed|become law|became law)|royal assent|c(?:o|a)me into (?:force|effect)/,
    // Later writing: a follow-up, a second report, an author's other work.
    /follow[- ]up (?:paper|report|study|piece)|(?:second|later|further|another) (?:report|pieces?|articles?|papers?)|wr(?:ite|ote) a follow[- ]?up|follow[- ]?up (?:after|to|on)/,
    /what else (?:has|have|did)\b[^?]{0,40}\b(?:writ(?:ten|e)|publish(?:ed)?)|what other (?:[\w-]+ ){0,2}(?:reports?|books?|papers?|studies|articles|pieces|work|blogs?|posts?) (?:has|have|did|does|do)\b/,
    // How a body performed once its contract began, or got on since ("how Care Plus got on after that talk",
    // "how did it do in its first few years?"); what a party did when next in power. "How have the pathfinder
    // mutuals got on?" asks what the posts report, and is answered; so is "how did the pathfinders get on?".
    /perform(?:ed)? after|hit (?:its|their) targets?|\bhow\b[^?]{0,60}?\b(?:got|get) on\b[^?]{0,40}?\b(?:after|since)\b|\b(?:in|over) (?:its|their) first (?:few |two |three |five )?(?:years?|months?)\b|\bnext in (?:government|power|office)\b/,
    // Where people went next ("the real figure" is ACTUAL_FIGURE's).
    /(?:do|did|went on to do|go on to do) after (?:leaving|(?:he|she|they) left)|\b(?:did|has|have)\b[^?]{0,40}\b(?:go|gone|went) on to\b/,
  ]
    .map((group) => group.source)
    .join("|")})\\b`,
  "i",
);

/**
 * What became of something, asked as a yes/no question about the time since ("did the cabinet office ever
 * procure the ERP platform?", "did the tri-borough mutual actually start on 1st September?") or about
 * whether it goes on ("is Care Plus still trading?", "are they
 * still around?", "which centres were eventually approved?"): the 2011-12 posts report plans and hopes, never their fate. "What did the minister
 * actually say?" asks what the posts report, so only a clause opening with "did" counts; "is there
 * still support from the top?" is what the 2012 posts discuss, so "still" counts only with a
 * going-concern verb. "Have other councils actually spun out services?" asks for the precedents the posts
 * do give, so it is not one. Nor is what someone actually said ("did Le Grand actually single out
 * unions?"), which is what the posts report. Up to 100 characters may come between "did" and "actually" ("did Francis
 * Maude's target of a million public sector workers in mutuals by 2015 actually get met?"). Nor, with "actually", is
 * what a body the posts report on did ("did PCTs actually contract for savings?", "did the NAO actually raise
 * concerns?"): "did the Institute ever set it up?" still asks what came after.
 */
const LATER_FATE =
  /(?:^|[^a-z\s'’]\s*|\b(?:and|or|but|so)\s+)did\b[^.?!]{0,100}?\b(?:ever\b(?!\s+(?:say|said|single|claim|argue|mention|name|call|describe|write|suggest|propose|recommend|warn|criticis|criticiz|admit|concede|mean|think|believe|blame|accuse|predict|promise|expect)\w*)|actually\b(?!\s+(?:say|said|single|claim|argue|mention|name|call|describe|write|suggest|propose|recommend|warn|criticis|criticiz|admit|concede|mean|think|believe|blame|accuse|predict|promise|expect|raise|set|require|make|contract|ask|look|check|find|found|agree|accept|support|back|oppose|challenge|fund|offer|include|involve|cover|need|want|know|consider|recognis|recogniz|commission|measure|monitor|evaluate|assess|review)\w*))|\bstill (?:trading|exists?|around|a thing|in business|operating)\b|\b(?:was|were|did|got|had|has|have)\b[^.?!]{0,60}?\beventually\b/i;

/**
 * Which mutuals have failed since, and how many ("which public service mutuals have failed?", "have any spun-out
 * mutuals gone back in-house?", "what's the failure rate?"): a tally of fates after 2011-12, which the posts, written
 * as the first spun out, cannot give. What happens if a mutual fails, or a safe-to-fail trial, is asked in the present
 * and is left to be answered.
 */
const FAILED_SINCE =
  /\b(?:which|how many|ha(?:ve|s)|any)\b[^?.!]{0,60}?\b(?:failed|gone bust|went bust|gone under|went under|collapsed|folded|(?:gone|come|been brought|been taken) back in[- ]house|(?:been )?reabsorbed)\b|\b(?:failure|survival) rates?\b/i;

/**
 * Whether a plan came to anything or was dropped ("did that review lead anywhere?", "was it in the
 * final white paper or dropped?", "did the plans get abandoned?", "did the Institute take up the idea?"): its fate came after 2011-12. "It's
 * taking ages to get anywhere" is how things stand, so only a past question counts for "anywhere".
 */
const CAME_TO_ANYTHING =
  /\b(?:did|has|have)\b[^?]{0,60}?\b(?:lead|led|go|gone|get|got) anywhere\b|\b(?:come|came) to anything\b|\bor (?:was it |did it get |it got )?dropped\b|\b(?:was|were|got|get) (?:it |they |that |this )?(?:dropped|scrapped|shelved|abandoned)\b|\bdid\b[^?]{0,60}?\b(?:ever\s+)?(?:take up|took up|adopt|implement|act on|pick up|run with)\b/i;

/**
 * How a goal the posts report turned out in figures ("how many were there actually by 2015?", "how
 * close did the government get?", "what was the actual number?"): counted after 2011-12. "Did
 * ministers want a million by 2015?" asks what the posts report, and is answered.
 */
const ACTUAL_FIGURE =
  /\b(?:the )?(?:actual|real) (?:number|figure|total|count)\b|\bhow close did\b|\bhow many\b[^?]{0,60}\b(?:had|have) actually\b|\bhow many\b[^?]{0,40}\b(?:were there|had there been)\b[^?]{0,20}\bby (?:19|20)\d\d\b/i;

/**
 * How recent the sources are, or something newer ("when were these articles written, anything more
 * recent?"): declined with the line saying what the knowledge base holds (five blogs from 2011-12).
 */
const NEWER_SOURCES =
  /\bwhen were (?:these|the|your) (?:articles|posts|blogs|sources)\b|\b(?:anything|something) (?:more )?(?:recent|newer)\b|\bhow (?:old|recent|up[- ]to[- ]date) (?:are|is) (?:these|the|your) (?:articles|posts|sources|blogs)\b/i;

/** Is a shop or place open at a time ("is the co-op open on boxing day?"): a listing, as OPENING_TIME. */
const OPEN_ON =
  /\b(?:is|are)\s+(?:the\s+)?[\w'’-]+(?:\s+[\w'’-]+)?\s+open\s+(?:on|at|today|tomorrow|tonight|this|over|late|until|till)\b/i;

/**
 * A list the posts do not hold ("list all the pathfinders", "the full list of the 12 pilots", "give me a
 * list of councils that...", "which were the other pathfinders besides...", "any names?", "can you name
 * them?"): they name a few examples, never a register. "List the five key issues" is left to be
 * answered: the posts do give some short lists; so is "the name of" one thing ("what's the name of the
 * Consumer Focus paper?"), which the posts often give.
 */
const WHOLE_LIST =
  /\blist (?:all|every|them)\b|\b(?:full|complete|whole) list\b|\bgive me a list\b|\blist\b[^?]*\bwith (?:their|its)\b|\b(?:which|what|who) (?:were|are) the other\b[^?]*\b(?:besides|apart from|other than)\b|\bwhich (?:other )?(?:councils|authorities|boroughs|services|bodies|organisations|organizations|pathfinders|mutuals|companies|firms|schools|trusts)\b[^?]{0,20}\b(?:apart from|besides|other than)\b|\bnames\b|\bcan you name\b|\bwhich (?:people|individuals|persons)\b|\bwho (?:were|are|else) (?:the )?(?:other )?(?:speakers|members|panellists|panelists|ambassadors|attendees|delegates|authors|trustees|directors)\b[^?]{0,40}\b(?:besides|apart from|other than|as well as)\b/i;

/**
 * The full text or the specifics of what a named paper or person said ("what did the committee recommend
 * on IT in full", "what did Le Grand say about procurement - specifics", "the actual recommendations list",
 * "is there a hansard link", "the link to the NAO report"): the posts quote a line or two and link nothing.
 */
const FULL_DETAIL =
  /\b(?:say|said|ask|asked|recommend|recommended|propose|proposed|write|wrote|conclude|concluded|find|found)\b[^?.!]{0,80}\bin full\b|\bspecifics\b|\bthe actual (?:recommendations|wording|text|list)\b|\b(?:the|a) link to (?:the|that|this|a|an|their|his|her)\b|\bhansard\b/i;

/**
 * The contents of a document the posts name ("what was in the Open Public Services white paper about
 * mutuals?", "what did the idiot's guide actually contain?", "what's in the Trading Standards Policy
 * Forum's response?"): the posts report that a paper, guide or bill exists and what it is for, not
 * what it says clause by clause. "What's in it for staff?" is not a document, so "it" is left out.
 */
const DOCUMENT_CONTENTS =
  /\bwhat(?:'s|’s)?\s+(?:exactly\s+|actually\s+)?(?:(?:was|is|were|are)\s+)?(?:exactly\s+|actually\s+)?in\s+(?:the|that|this|his|her|their|its|[\w-]+(?:'s|’s))\s+(?:[^\s?]+\s+){0,7}?(?:white paper|green paper|paper|report|guide|bill|act|response|review|strategy|study|piece|article|manifesto|speech|submission)\b|\b(?:actually|exactly|really)\s+contain(?:ed|s)?\b/i;

/**
 * What a law or bill requires ("what does the Social Value Act require commissioners to consider?",
 * "the Social Value Bill - what does it require at pre-procurement stage?"): the posts say what a
 * bill is for, never its duties clause by clause.
 */
const LAW_REQUIRES =
  /\b(?:bill|act|regulations?|directive|law|legislation)\b[^?]{0,80}?\bwhat (?:does|did|do|will|would) (?:it|they|that|this)\s+(?:actually\s+|really\s+)?(?:require|oblige|mandate)\b|\bwhat (?:does|did|do|will|would) (?:the |that |this )?[^?]{0,80}?\b(?:bill|act|regulations?|directive|law|legislation)\s+(?:actually\s+|really\s+)?(?:require|oblige|mandate)\b/i;

/**
 * A named union's official position or policy ("what's UNISON's official policy on mutuals?", "Unite's
 * stance on spin-outs?"): the posts report unions' opposition as practitioners met it, never a
 * union's policy. "How do the unions see mutuals?" is left to be answered.
 */
const UNION_POLICY =
  /\b(?:unison|unite|gmb|rcn|tuc|napo|royal college of nursing)(?:'s|’s)?\s+(?:official\s+|national\s+|formal\s+|current\s+)?(?:position|policy|policies|stance|line)\b/i;

/**
 * The difference between two things, asked for outright ("what's the difference between a mutual and a social
 * enterprise?", "...between a spin-out and a spin-off?"): a definition set against another, which the posts, written
 * for readers who knew the terms, never give. How one idea differs from another they discuss ("how does the Good
 * Society differ from the Big Society?") is left to be answered.
 */
const DIFFERENCE_BETWEEN =
  /\b(?:the |any |a |what(?:'s|’s| is) the )?(?:actual |real |main )?difference between\b/i;

/** What would have happened otherwise ("if Labour had won in 2010, would there have been..."): no post can say. */
const COUNTERFACTUAL =
  /\bif\b[^?]*\bhad\b[^?]*\bwould\b[^?]*\bhave\b|\bwould\b[^?]*\bhave been\b[^?]*\bif\b[^?]*\bhad\b/i;

/**
 * A study or data set measuring outcomes ("did any academic study compare outcomes in spun-out youth
 * services?", "is there any evidence that user outcomes improve in mutuals vs private providers?", "is there an
 * evaluation of the programme?"): the posts argue and report claims; none reports an evaluation. "Is the evidence for mutuals
 * getting any stronger?" asks what the posts say, and is left to be answered.
 */
const OUTCOME_STUDY =
  /\b(?:any|an|a|the)\s+(?:(?:academic|independent|published|peer[- ]reviewed|formal|robust|hard)\s+)?(?:stud(?:y|ies)|research|evaluations?|evidence|data|statistics)\b[^?]{0,60}?\b(?:compar\w*|outcomes?|versus|vs)\b|\b(?:any|an|a|proper|independent|external|formal|published)\s+(?:(?:independent|external|formal|proper|published)\s+)?evaluation\b/i;

const WHEN_NEXT = /\bwhen(?:['’]s|\s+is|\s+are|\s+will)\s+(?:the\s+|our\s+)?next\b/i;

/** "The latest list", "the most recent figures": what 2011-12 posts can only give as of then. */
const LATEST = /\b(?:latest|most recent|up[\s-]to[\s-]date)\b/i;

/**
 * Asking which supplier, product or adviser to use ("which law firms specialise in mutuals?",
 * "which cloud provider do other mutuals use?"): the posts recommend none.
 */
const SUPPLIER_CHOICE =
  /\bwhich\s+(?:[a-z-]+\s+){0,2}(?:firms?|compan(?:y|ies)|providers?|suppliers?|consultants?|consultanc(?:y|ies)|advisers?|advisors?|lawyers?|solicitors?|accountants?|auditors?|banks?|insurers?|brokers?|software|systems?|products?|platforms?|apps?|tools?|packages?|vendors?)\b[^?]*?\b(?:specialis|specializ|recommend|(?:do|does|should|would|could|can)\s+(?:\w+\s+){0,3}(?:use|hire|choose|pick|go with|buy|get)\b|(?:is|are)\s+(?:the\s+)?(?:best|cheapest|good))/i;

/**
 * A ranking as things stand today ("which union has the most members today?", "what's the biggest
 * mutual at the moment?"): a superlative with a present-day marker. 2011-12 posts can say who was
 * biggest then, never who is now. A superlative alone ("what's the biggest obstacle?") is left to be
 * answered: the posts do weigh obstacles, risks and arguments.
 */
const PRESENT_SUPERLATIVE =
  /\b(?:which|what|who)\b[^?]*?\b(?:most|fewest|biggest|largest|smallest|best|worst|cheapest|highest|lowest|strongest|fastest|richest|oldest)\b[^?]*?\b(?:today|now|nowadays|currently|these days|at the moment|at present|presently|right now|this year)\b/i;

/**
 * The out-of-field subject a question's form shows, read before its names are checked: offices and
 * what is current, capital cities, rankings, choices, lists, procedures, and a named body "now"
 * (`specific`: the question's specific words, see names.ts specificWords).
 */
export function formBeforeNames(
  question: string,
  specific: ReadonlySet<string>,
): OutOfFieldSubject | undefined {
  const office =
    question.match(CURRENT_OFFICE) ??
    question.match(SUCCESSION) ??
    question.match(PRESENT_DAY) ??
    question.match(BOARD_MEMBERS) ??
    question.match(WHO_IS_MINE) ??
    question.match(WHATS_ON) ??
    question.match(WHEN_NEXT) ??
    question.match(OPENING_TIME) ??
    question.match(OPEN_ON) ??
    question.match(OUTCOME) ??
    question.match(LATER_FATE) ??
    question.match(FAILED_SINCE) ??
    question.match(CAME_TO_ANYTHING) ??
    question.match(NEWER_SOURCES) ??
    question.match(ACTUAL_FIGURE) ??
    question.match(LATEST);
  if (office) return { kind: "current-office", words: office[0] };
  const city = question.match(CAPITAL_CITY);
  if (city) return { kind: "everyday-sense", words: city[0] };
  const ranking = question.match(PRESENT_SUPERLATIVE);
  if (ranking) return { kind: "current-office", words: ranking[0] };
  // What the posts never give: a choice made for the asker, a whole list, a study, an organiser, a procedure.
  const outOfField =
    question.match(PERSONAL_CHOICE) ??
    question.match(OWN_CAREER) ??
    question.match(CAREER_HISTORY) ??
    question.match(SUPPLIER_CHOICE) ??
    question.match(WHOLE_LIST) ??
    question.match(DOCUMENT_CONTENTS) ??
    question.match(FULL_DETAIL) ??
    question.match(LAW_REQUIRES) ??
    question.match(UNION_POLICY) ??
    question.match(COUNTERFACTUAL) ??
    question.match(DIFFERENCE_BETWEEN) ??
    question.match(OUTCOME_STUDY) ??
    question.match(ORGANISER) ??
    question.match(PROCEDURE);
  if (outOfField) return { kind: "out-of-field", words: outOfField[0] };
  if (specific.size > 0) {
    // Which services a named council spun out ("which services did Suffolk actually spin out?"): the posts name
    // councils as examples, never their lists; "which services have spun out?" (any examples) is answered.
    const list = question.match(NAMED_BODY_SERVICES);
    if (list) return { kind: "out-of-field", words: list[0] };
    const now = question.match(NAMED_NOW) ?? question.match(NAMED_PRESENT);
    if (now) return { kind: "current-office", words: now[0] };
  }
  return undefined;
}

/** The out-of-field subject a question's form shows, read after its names: a later year, a numbered provision, leave as time off. */
export function formAfterNames(
  question: string,
  knows: (word: string) => boolean,
): OutOfFieldSubject | undefined {
  const later = laterThanArticles(question, knows);
  if (later) return { kind: "later-event", words: later };
  const provision = question.match(NUMBERED_PROVISION);
  if (provision) return { kind: "out-of-field", words: provision[0] };
  const leave = question.match(LEAVE_AS_NOUN);
  if (leave) return { kind: "everyday-sense", words: leave[0] };
  return undefined;
}
