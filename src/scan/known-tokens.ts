import { looksLikePlaceholder, type Detector } from "./detector";

/**
 * Token formats that are credentials by their shape alone (the vendors document the
 * prefixes so that scanners can find them).
 */
export const KNOWN_TOKENS: Detector[] = [
  { kind: "GitHub token", hints: ["ghp_", "gho_", "ghu_", "ghs_", "ghr_"], pattern: /\b((?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{36})\b/g },
  { kind: "GitHub fine-grained token", hints: ["github_pat_"], pattern: /\b(github_pat_[A-Za-z0-9_]{82})\b/g },
  { kind: "GitLab token", hints: ["glpat-"], pattern: /\b(glpat-[A-Za-z0-9_-]{20})\b/g },
  { kind: "Stripe live secret key", hints: ["_live_"], pattern: /\b((?:sk|rk)_live_[A-Za-z0-9]{24,99})\b/g },
  { kind: "AWS access key ID", hints: ["AKIA", "ASIA", "AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"], pattern: /\b((?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16})\b/g },
  { kind: "Slack token", hints: ["xox"], pattern: /\b(xox[abposr]-[0-9]{6,}-[A-Za-z0-9-]{10,})\b/g },
  { kind: "Slack webhook URL", hints: ["hooks.slack.com"], pattern: /(https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]{6,}\/B[A-Z0-9]{6,}\/[A-Za-z0-9]{20,})/g },
  { kind: "Google API key", hints: ["AIza"], pattern: /\b(AIza[0-9A-Za-z_-]{35})(?![0-9A-Za-z_-])/g },
  { kind: "npm token", hints: ["npm_"], pattern: /\b(npm_[A-Za-z0-9]{36})\b/g },
  { kind: "SendGrid API key", hints: ["SG."], pattern: /\b(SG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43})(?![A-Za-z0-9_-])/g },
  { kind: "OpenAI API key", hints: ["T3BlbkFJ"], pattern: /\b(sk-(?:proj-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g },
  { kind: "Anthropic API key", hints: ["sk-ant-"], pattern: /\b(sk-ant-[a-z0-9]{2,10}-[A-Za-z0-9_-]{80,})(?![A-Za-z0-9_-])/g },
  { kind: "Twilio API key", hints: ["SK"], pattern: /\b(SK[0-9a-f]{32})\b/g },
  {
    kind: "JSON Web Token",
    hints: ["eyJ"],
    pattern: /\b(eyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,})(?![A-Za-z0-9_-])/g,
  },
  {
    kind: "private key",
    hints: ["PRIVATE KEY"],
    pattern: /(-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----[\s\S]{40,}?-----END (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----)/g,
    plausible: (value: string) => !/\.\.\.|<[^>]*>|example/i.test(value),
  },
  {
    kind: "password in a connection URL",
    hints: ["://"],
    // scheme://user:password@host — the password is the credential
    pattern: /\b[a-z][a-z0-9+.-]{1,20}:\/\/[^\s:/@"'`]{1,64}:([^\s@/"'`]{3,128})@[A-Za-z0-9.-]+/g,
    plausible: (value: string) => !/^(password|pass|pwd|secret|\*+|x+)$/i.test(value) && !/^[$%{<:]/.test(value),
  },
].map((detector) => ({ ...detector, plausible: (value: string) => !looksLikePlaceholder(value) && (detector.plausible?.(value) ?? true) }));
