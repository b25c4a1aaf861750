/** What the assistant says when the knowledge base has no answer: greetings, redirects, questions back and general guidance. */

const GREETING = /^\W*$|^(?:hi|hello|hey|good (?:morning|afternoon|evening)|howdy)\b[\s\W]*(?:there|lumen|team|everyone)?[\s\W]*$/i;
const REPLIES: ReadonlyArray<readonly [RegExp, string]> = [
  [GREETING, "Hello! I'm Lumen Assist, Lumen's support assistant, and I'm happy to help with anything about Lumen. How can I help you today?"],
  [/^(?:thanks|thank you|thx|cheers)\b/i, "You're welcome! Is there anything else I can help you with?"],
  [/\b(?:who are you|what (?:can|do) you do|what are you|what (?:kinds? of |sorts? of )?(?:things|questions|topics|stuff) (?:can|do) you|(?:how|what) can you help(?: me)?(?: with)?)\b/i, "I'm Lumen Assist, and I'm happy to help. I can answer questions about Lumen's plans, billing, refunds, your account, security and data exports, and I can summarize, extract, classify or translate text for you."],
  [/\b(?:poem|joke|song|story|recipe|weather|forecast|horoscope|lottery numbers|football|homework|essay|capital of|who won|movie|stock (?:tip|price)s?|medical|diagnos\w*|legal advice)\b/i, "Sorry, that's outside what I can help with: I'm Lumen Assist, so I can only help with Lumen, such as plans and billing, refunds, your account, security and data exports. Is there anything about Lumen I can help with?"],
  [/\bcsv\b|\bimport\b/i, 'Extra spaces in CSV cells are easy to deal with: trim them in your spreadsheet (for example with TRIM()), save the file as UTF-8 CSV and import it again. If the import still fails, our support team can check the file with you 24/7 by chat.'],
];

// "It's not working again": a problem with nothing that says which part of Lumen or what happened.
const PROBLEM = /(?:\bnot|n't|\bnever|\bstopped|\bcannot)\s+(?:\w+\s+)?(?:work\w*|load\w*|open\w*|respond\w*|sync\w*|start\w*)\b|\b(?:broken|broke|crash\w*|bug(?:gy)?|glitch\w*|issues?|problems?|errors?|fail\w*|down)\b/i;
const FILLERS = /\b(?:it|its|this|that|thing|stuff|again|still|anymore|now|today|just|really|all|everything|something|anything|is|was|does|doesn|do|don|did|didn|has|have|isn|won|can|the|a|an|my|our|me|we|i|keeps?|on|at|there|some|any|working|properly|right)\b/gi;
const CLARIFY =
  "Sorry to hear something isn't working. Could you tell me a bit more: which part of Lumen it is (for example a project view, exports, sign-in or billing), what you were trying to do, and what error message, if any, you see?";

export const NOT_COVERED = "I don't have information about that in Lumen's help center, so I'd rather not guess. Our support team can help 24/7 by chat.";

/** A message that only greets ("Good morning!") asks nothing, whatever its words have in common with a fact. */
export const isGreeting = (question: string): boolean => GREETING.test(question.trim());

export function smallTalk(question: string): string | undefined {
  const text = question.trim();
  return REPLIES.find(([pattern]) => pattern.test(text))?.[1] ?? (isVagueProblem(text) ? CLARIFY : undefined);
}

/** A problem report whose words, once the problem wording and fillers are gone, name nothing in particular. */
function isVagueProblem(text: string): boolean {
  return PROBLEM.test(text) && (text.replace(PROBLEM, ' ').replace(FILLERS, ' ').match(/[a-z]{3,}/gi) ?? []).length === 0;
}
