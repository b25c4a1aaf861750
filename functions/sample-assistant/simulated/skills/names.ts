/** Finders for people's and companies' names: introductions, sign-offs, signatures and company suffixes. */

const NAME_WORD = "[A-Z][a-z]+(?:-[A-Z]?[a-z]+|'[A-Z][a-z]+)?";
const FULL_NAME = `${NAME_WORD}(?:\\s+${NAME_WORD}){0,2}`;
const INTRODUCTIONS = [
  new RegExp(`(?:[Mm]y name is|[Nn]ame(?: is|:)|I am|I'm|[Tt]his is|Customer:|Contact:|From:)\\s+(${FULL_NAME})`),
  // "hey its Sam again", "Hi, it's Daniel (CEO)": an introduction at the start of a message or a sentence.
  new RegExp(`(?:^|[-.!?,]\\s+|\\b(?:[Hh]i|[Hh]ey|[Hh]ello)[,!]?\\s+)(?:[Ii]t'?s|[Ii]t is)\\s+(${FULL_NAME})`),
];
const CLOSING_NAME = new RegExp(`(?:Thanks|Thank you|Regards|Best|Cheers|Sincerely),?\\s*\\n?\\s*-?\\s*(${FULL_NAME})\\s*\\.?\\s*$`);
const POSSESSIVE = new RegExp(`\\b(${FULL_NAME})'s\\b`);
// A lookahead, so overlapping pairs are all tried: "Call Priya Nair" yields "Call Priya", then "Priya Nair".
const NAME_PAIRS = new RegExp(`(?=\\b(${NAME_WORD}\\s+${NAME_WORD})\\b)`, 'g');
// A sign-off line ("Best regards,", "--"): the next line is the writer's name, whatever follows it (title, company).
const SIGN_OFF = /^\s*(?:--+|(?:(?:best|kind|warm|many)\s+)?(?:regards|wishes|thanks)|thank you|cheers|sincerely|best|yours(?:\s+(?:truly|sincerely))?)[\s,.!-]*$/i;
const SIGNATURE_NAME = new RegExp(`^\\s*-?\\s*(${FULL_NAME})\\s*,?\\s*$`);
const NOT_NAMES = new Set(
  ('hi hello hey dear thanks thank please order customer invoice account settings lumen the this my our your we i team ' +
    'starter enterprise extract contact email phone refund json support billing best regards cheers sincerely kind mr mrs ' +
    'today tomorrow yesterday company everyone it that what let there here who from at with for and or ' +
    'call ask send meet tell email write reach ping contact ' +
    'monday tuesday wednesday thursday friday saturday sunday january february march april may june july august ' +
    'september october november december').split(' '),
);

// The words that end a company's name, and the legal forms that may follow them ("Halvorsen & Berg Consulting AS").
const COMPANY_SUFFIX =
  'Inc\\.?|LLC|LLP|Ltd\\.?|GmbH|Corp\\.?|Corporation|Co\\.|S\\.A\\.|SA|AG|PLC|BV|NV|Limited|Labs|Technologies|Systems|Solutions|' +
  'Studios?|Logistics|Robotics|Consulting|Partners|Group|Holdings|Agency|Architects|Associates|Ventures|Capital|Industries|' +
  'Enterprises|Analytics|Software|Media|Networks|Traders|Foods|Pharma|Digital|Works';
const LEGAL_FORM = 'Inc\\.?|LLC|LLP|Ltd\\.?|GmbH|AS|AB|Oy|SA|AG|BV|NV|PLC|SAS|SARL|Pty(?:\\s+Ltd)?';
const COMPANY_WORD = "[A-Z][\\w'.-]*";
// Capitalised words joined by "&", "and" or "of" ("Cedar & Pine", "Bank of Lisbon"), on one line: a signature puts
// the title and the company on separate lines.
const COMPANY_NAME = `${COMPANY_WORD}(?:[ \\t]+(?:(?:&|and|of|\\+)[ \\t]+)?${COMPANY_WORD}){0,3}`;
// Either case for the first letter only: the company after a role must still be capitalised.
const ROLE = `(?:${['work(?:s|ing|ed)?', 'employed', 'manager', 'director', 'engineer', 'lead', 'head of \\w+', 'owner', 'founder', 'admin\\w*', 'consultant', 'officer', 'designer', 'developer', 'accountant', 'analyst']
  .map((word) => `[${word[0]!.toUpperCase()}${word[0]}]${word.slice(1)}`)
  .join('|')}|C[EFTO]O)`;
const COMPANY_PATTERNS = [
  new RegExp(`((?:${COMPANY_WORD}[ \\t]+(?:(?:&|and|of|\\+)[ \\t]+)?){1,3}(?:${COMPANY_SUFFIX})(?:[ \\t]+(?:${LEGAL_FORM}))?)(?='s\\b|[\\s,;:)!?]|\\.?$|\\.\\s)`),
  new RegExp(`\\b(?:[Cc]ompany|[Oo]rgani[sz]ation|[Ee]mployer)(?: is|:)\\s*(${COMPANY_NAME})`),
  // "I work at Initech", "office manager at Initech", "Head of Operations, Initech" on a signature line.
  new RegExp(`\\b${ROLE}\\b[^,.\\n]{0,20}?\\s+(?:at|for|with)\\s+(${COMPANY_NAME})`),
  new RegExp(`(?:I'm|I am|[Tt]his is|[Ii]t'?s)\\s+${FULL_NAME}\\s+(?:from|at|with)\\s+(${COMPANY_NAME})`),
  new RegExp(`^\\s*(?:[A-Z][\\w-]*\\s+){0,3}${ROLE}(?:\\s+[A-Z][\\w-]*)*\\s*[,|@]\\s*(${COMPANY_NAME})\\s*$`, 'm'),
];

const isName = (candidate: string) => candidate.split(/\s+/).every((word) => !NOT_NAMES.has(word.toLowerCase()));
const isCompany = (candidate: string) => new RegExp(`\\b(?:${COMPANY_SUFFIX}|${LEGAL_FORM})$`).test(candidate);
const firstGroup = (pattern: RegExp, text: string) => pattern.exec(text)?.[1];

/** The writer's name, from the most telling cue to the least: introduction, signature, sign-off, possessive, any pair. */
export function findName(text: string): string | undefined {
  const candidates = [
    ...INTRODUCTIONS.map((pattern) => firstGroup(pattern, text)),
    signatureName(text),
    firstGroup(CLOSING_NAME, text),
    firstGroup(POSSESSIVE, text),
    ...[...text.matchAll(NAME_PAIRS)].map((match) => match[1]),
  ];
  return candidates.find((candidate): candidate is string => candidate !== undefined && isName(candidate) && !isCompany(candidate));
}

function signatureName(text: string): string | undefined {
  const lines = text.split('\n');
  const signOff = lines.findLastIndex((line) => SIGN_OFF.test(line));
  return signOff < 0 ? undefined : firstGroup(SIGNATURE_NAME, lines[signOff + 1] ?? '');
}

export function findCompany(text: string): string | undefined {
  for (const pattern of COMPANY_PATTERNS) {
    const words = firstGroup(pattern, text)?.split(/\s+/);
    while (words && words.length > 1 && NOT_NAMES.has(words[0]!.toLowerCase())) words.shift();
    while (words && words.length > 1 && /^(?:&|and|of|\+)$/.test(words.at(-1)!)) words.pop();
    // "Globex Corp." at the end of a sentence: the full stop belongs to the sentence.
    if (words && words.length > 0 && !NOT_NAMES.has(words[0]!.toLowerCase())) return words.join(' ').replace(/\.$/, '');
  }
  return undefined;
}
