/**
 * Questions about people and named bodies whose form shows the 2011-12 articles cannot answer them (issue 11): who
 * holds a post now or followed someone in it, who sits on a board, who funds or organises something, the asker's own
 * office-holder, membership or career choice, a named person's working life, and a named body asked about as it stands
 * today. Read by question-forms.ts, in its order; each pattern says why in its comment.
 */

/** Present-tense questions about who holds an office: the 2011-12 articles cannot know. */
export const CURRENT_OFFICE =
  /\bwho(?:'s|’s| is| are)\s+(?:the\s+|our\s+)?(?:current\s+|new\s+)?(?:prime minister|chancellor|pm|president|king|queen|mayor|leader of the (?:council|opposition)|secretary of state|(?:[a-z]+\s+){0,3}minister)\b/i;

/**
 * Who followed someone in a post ("who succeeded Francis Maude as minister?", "who replaced him?", "who took over
 * from the chief executive?"): a change that came after the 2011-12 posts, which never report one.
 */
export const SUCCESSION =
  /\bwho\s+(?:succeeded|replaced|took over from|came after|followed)\b|\b(?:successor|replacement)\s+(?:to|as|for)\b|\bwho(?:'s|’s| is| was| were)\s+(?:[\p{L}’'-]+\s+){0,3}(?:successor|replacement)s?\b/iu;

/**
 * Questions asking who holds a post or runs something as things stand today ("who runs the
 * programme now?", "who is the current chief executive?"): posts written in 2011-12 cannot give
 * today's name. Other questions may say "now" and still be answered from the posts ("who currently
 * backs mutuals?" is answered by who did in 2012, dated; "is the government pushing private firms
 * more than mutuals now?").
 */
export const PRESENT_DAY =
  /\bwho(?:'s|’s|\s+is|\s+are)?\s+(?:the\s+)?(?:current\b|(?:(?:currently|now)\s+)?(?:runs?|leads?|heads?|chairs?|manages?|in charge)\b[^?]*?\b(?:now|nowadays|today|currently|these days|at the moment|at present|presently)\b)/i;

/**
 * Who sits on a body's board ("who's on the board of Unison?"): today's members, which 2011-12
 * posts cannot list. "Who *should* sit on the board" asks how to compose one, and is answered.
 */
export const BOARD_MEMBERS =
  /\bwho(?:\s+else)?(?:'s|’s|\s+is|\s+are|\s+was|\s+were|\s+sits?|\s+sat|\s+served)\s+on\s+the\s+(?:[\w'’-]+\s+){0,2}(?:board|taskforce|panel|committee|commission)\b/i;

/**
 * Who the asker's own office-holder or contact is ("who is my local councillor?", "who's our MP?",
 * "who are my union reps?"): a person in the asker's place today, whom posts from 2011-12 about
 * other places cannot name. "Who should sit on our board?" asks how to compose one, and is answered.
 */
export const WHO_IS_MINE = /\bwho(?:'s|’s|\s+is|\s+are|\s+was|\s+were)\s+(?:my|our)\b/i;

/**
 * Who funded, organised, sponsored, hosted or chaired something ("what is Campaign4Change and who funds
 * it?", "when was that event and who organised it?"): no post says who funds, organises or chairs
 * anything. "Who runs the mutual after spin-out?" is governance the posts discuss, so "runs" is left out.
 */
export const ORGANISER =
  /\bwho (?:funds|funded|organi[sz]ed|organi[sz]es|sponsored|sponsors|hosted|hosts|chaired|chairs)\b|\bwho(?:'s|’s|\s+is|\s+are|\s+was|\s+were)\s+behind\b/i;

/**
 * A personal choice of membership or vote ("which union should I join?", "which scheme should a
 * care worker sign up to?", "who should we vote for?"): the posts discuss unions and politics, and
 * never recommend one to join or vote for.
 */
export const PERSONAL_CHOICE =
  /\b(?:which|what|who)\b[^?]*?\b(?:should|shall|would you recommend|do you recommend|ought)\b[^?]*?\b(?:join|sign up|subscribe|vote for|enrol|enroll|become a member)\b/i;

/**
 * The asker's own career decision put to the bot ("do you think I should take voluntary redundancy?", "should I apply
 * for the new manager's job?"): the posts argue about mutuals, never advise one person on their job. "Should we spin
 * out?" asks about the service, and "why should I take on risk for nothing?" about the mutual's offer to staff: both
 * are left to be answered.
 */
export const OWN_CAREER =
  /\b(?:do|would) you (?:think|reckon|say) i should\b|\bshould i (?:take|accept|apply for|go for) (?:the |a |an |this |that |voluntary |early |my )*(?:redundancy|retirement|job|post|role|offer|promotion|package|secondment|severance)\b|\bshould i (?:quit|resign|retire)\b/i;

/**
 * A named person's working life before or beyond what the posts report ("what did Andrew Moore do before he joined
 * DAV?", "where did Blond work before he set up ResPublica?", "which organisations has Dan Gregory worked for?"): the
 * posts give a person's role at the time, never a career.
 */
export const CAREER_HISTORY =
  /\b(?:[Ww]here|[Ww]hat) did [A-Z][^?.!]{1,50}? (?:work|do) before\b|\bbefore (?:he|she) (?:set up|founded|joined|became|started)\b|\b[Ww]hich (?:organi[sz]ations?|companies|firms|jobs|roles|posts) (?:has|have|had|did) [A-Z][^?.!]{1,40}? (?:worked|work|held|hold)\b/;

/**
 * A named person or body asked about as things stand today ("What is Francis Maude doing now?",
 * "Is Phillip Blond still at ResPublica?"), or what it offers and has done ("the Transition Institute - do they
 * do consultancy?", "has he written a history of co-ops?"): the posts knew them in 2011-12 only. "Still a" is left out:
 * "is there still a unit in the Cabinet Office helping?" asks what the 2012 posts discuss. "Is Maude still in
 * charge?" is left to be answered: the posts report him staying in post in 2012.
 */
export const NAMED_NOW =
  /\b(?:doing|up to|do|does)\s+(?:now|these days|nowadays|today)\b|\b(?:do|does|is|are)\s+(?:they|it|he|she)\s+(?:work|working|live|living|based)\s+(?:now|these days|nowadays|today)\b|\bstill\s+(?:at|with|alive|trading|going|open|around|operating|advising|involved|in business|exists?|published|in print)\b|\b(?:do|does)\s+(?:they|it|he|she)\s+(?:do|offer|provide|run|give|sell|advise|charge|train)\b|\b(?:have|has)\s+(?:they|it|he|she)\s+(?:ever\s+)?(?:advised|worked with|helped|written)\b/i;

/**
 * A named body or person asked about as things stand ("How is Camden's mutual performing under its
 * current contract?", "Is Phillip Blond still director of ResPublica?"). "Still" alone is left to be
 * answered: "is government still backing mutuals?" asks whether the 2012 agenda lasts, which the
 * posts discuss (three writers of the dev sets, independently, expected an answer).
 */
export const NAMED_PRESENT =
  /\b(?:current|currently|these days|nowadays|today|at the moment|at present|presently|this year|right now)\b|\bstill\s+(?:the\s+)?(?:director|chair|chairman|chief executive|ceo|head|leader|minister|secretary|mp|an mp|councillor|a councillor|mayor)\s+(?:of|at|for)\b|\bwhere (?:are|is) (?:they|it) based\b|\bnow called\b|\b(?:was|been|got) renamed\b/i;

/** Which services a body spun out, asked of a named body (read only when the question names one). */
export const NAMED_BODY_SERVICES =
  /\bwhich (?:services|service areas|teams|departments|functions) (?:did|has|have|had) (?!(?:the |our |other )?(?:councils?|they|we|you|others|people|anyone|government)\b)[^?.!]{2,50}? (?:actually |eventually |already |then )?(?:spin|spun|outsource|outsourced|transfer|transferred|mutualise|mutualised|mutualize|mutualized|put out)\b/i;
