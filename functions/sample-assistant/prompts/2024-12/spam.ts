export const SPAM_TEMPLATE = `Task: classify the message between the <message> tags as SPAM or NOT SPAM.
Answer with exactly one line: "Verdict: SPAM - <short reason>" or "Verdict: NOT SPAM - <short reason>".

<message>
{{message}}
</message>`;
