/** What the assistant says when the knowledge base has no answer: greetings, redirects and general guidance. */

const REPLIES: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\W*$|^(?:hi|hello|hey|good (?:morning|afternoon|evening)|howdy)\b[\s\W]*$/i, "Hello! I'm Lumen Assist, Lumen's support assistant. How can I help you today?"],
  [/^(?:thanks|thank you|thx|cheers)\b/i, "You're welcome! Is there anything else I can help you with?"],
  [/\b(?:who are you|what can you do|what are you)\b/i, "I'm Lumen Assist. I can answer questions about Lumen's plans, billing, refunds, your account, security and data exports, and I can summarize, extract, classify or translate text for you."],
  [/\b(?:poem|joke|song|story|recipe|weather|horoscope|lottery numbers|football|homework|essay|capital of|who won|movie|stock (?:tip|price)s?|medical|diagnos\w*|legal advice)\b/i, "I'm Lumen Assist, so I can only help with Lumen: plans and billing, refunds, your account, security and data exports. Is there anything about Lumen I can help with?"],
  [/\bcsv\b|\bimport\b/i, 'Extra spaces in CSV cells are easy to deal with: trim them in your spreadsheet (for example with TRIM()), save the file as UTF-8 CSV and import it again. If the import still fails, our support team can check the file with you 24/7 by chat.'],
];

export const NOT_COVERED = "I don't have information about that in Lumen's help center, so I'd rather not guess. Our support team can help 24/7 by chat.";

export function smallTalk(question: string): string | undefined {
  return REPLIES.find(([pattern]) => pattern.test(question.trim()))?.[1];
}
