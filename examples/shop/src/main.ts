import { githubToken } from "../services/api/github";
import { stripeKey } from "../services/api/checkout";
import { stripeWebhookSecret } from "../services/billing/stripe";
import { smtpPassword } from "../services/notifications/mailer";
import { sshPrivateKey } from "../services/deploy/ssh";

const all = [githubToken, stripeKey, stripeWebhookSecret, smtpPassword, sshPrivateKey];

console.log(`shop started in ${process.env.KEYSTASH_ENV ?? "local"}`);
for (const s of all) {
  const value = s();
  // Secrets print masked; show only the shape of each value.
  const shape = value === "" ? "empty" : `${value.length} chars, ${value.split("\n").length} line(s)`;
  console.log(`  ${String(s).padEnd(36)} ${shape}`);
}
