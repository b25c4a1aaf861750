/**
 * The vocabulary gap between customers and the knowledge base: the words customers use for what the knowledge base
 * calls otherwise, and the words that say how a question is asked rather than what it is about.
 */
import { terms } from '../text';

/** [question wording, knowledge-base terms it stands for]. */
export const SYNONYMS: ReadonlyArray<readonly [RegExp, readonly string[]]> = [
  [/\bmoney (?:is |to come |goes )?back|\breimburs\w*|\bchargeback/gi, ['refund']],
  [/\b(?:log ?in|sign[- ]?in|locked out|forgot|get (?:back )?in(?:to)?)\b/gi, ['password', 'reset']],
  [/\bcancel\w*|\bterminat\w*|\bunsubscrib\w*|\bstop paying\b/gi, ['subscription']],
  [/\b(?:cost\w*|how much|pric\w*|expensive|cheap\w*|fees?)\b/gi, ['plan', 'user', 'month']],
  [/\b(?:close|remove|erase|terminate|wipe|nuke)\b/gi, ['delete']],
  [/\b(?:download|back ?up|dump|get (?:my|our|all) (?:data|projects) out)\b/gi, ['export']],
  [/\b(?:contact|reach|talk to|call|hours|open|(?:phone|support) line|hotline|message)\b/gi, ['support', 'chat', 'phone']],
  [/\b(?:two-factor|mfa|2-step|authenticat\w*)/gi, ['2fa']],
  [/\b(?:downtime|availability|outage)\b/gi, ['uptime', 'sla']],
  [/\b(?:charged|payment|card|paid|pay|billed)\b/gi, ['billing']],
  [/\bfree\b/gi, ['trial']],
  [/\b(?:how long|how soon|when|arriv\w*|receiv\w*|show up)\b/gi, ['within', 'day', 'hour']],
  // When a change applies: "does it kick in right away?" is answered by "take effect immediately".
  [/\b(?:kicks? in|right away|straight away|instantly|at once|take effect|start|begin)\b/gi, ['immediately', 'effect']],
  [/\b(?:move|step|switch|go) down\b|\b(?:cheaper|smaller|lower) plan\b/gi, ['downgrade']],
  [/\brenew\w*/gi, ['billing', 'cycle']],
  // Features come with a plan.
  [/\bfeatures?\b/gi, ['plan']],
  // In a project-management tool the customer's data is their projects, tasks and files.
  [/\b(?:projects?|tasks?|files?|documents?|boards?|workspaces?|attachments?)\b/gi, ['data']],
  // Team size is priced per user.
  [/\b(?:people|persons?|seats?|members?|employees|licen[cs]es?|headcount)\b/gi, ['user']],
  // A day or time of day is answered by opening hours and what is available around the clock.
  [/\b(?:weekends?|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|mornings?|evenings?|nights?|overnight|holidays?|\d{1,2}\s?[ap]m)\b/gi, ['monday', 'friday', 'cet', 'available', '24/7']],
  // "Where do I click?" is answered by a path in the app.
  [/\b(?:where|click|button|menu|find the option)\b/gi, ['settings']],
  [/\b(?:ask for|apply for|claim|file for|submit)\b/gi, ['request']],
];

/** Words that say how a question is asked (or name a competitor) rather than what it is about. */
export const ASKING = new Set(
  terms(
    'policy policies question help know tell like want need work happen better worse compare difference much long take ' +
      'get way thing lumen okay possible still actually really anywhere anything something quick quickest fastest ' +
      'easiest best exactly already again ever even maybe just wondering honest please today yesterday tomorrow new ' +
      'asana trello monday clickup jira notion basecamp',
  ),
);
