export const EXTRACT_TEMPLATE = `Task: extract data from the text between the <text> tags as JSON.
{{keys_rule}}
Amounts are numbers. Never include a full payment card number: give its last 4 digits as "card_last4".

<text>
{{text}}
</text>`;
