export const TRANSLATE_TEMPLATE = `Task: translate the text between the <text> tags into {{language}}.
Supported target languages: {{supported_languages}}. For any other language, reply with one polite sentence naming the supported languages.
Output only the translation.

<text>
{{text}}
</text>`;
