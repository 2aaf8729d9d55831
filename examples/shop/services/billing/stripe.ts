import { secret } from "keystash";

export const stripeKey = secret("StripeSecretKey");
export const stripeWebhookSecret = secret("StripeWebhookSecret");

/** Whether billing can talk to Stripe. */
export function billingReady(): boolean {
  return stripeKey().startsWith("sk_") && stripeWebhookSecret() !== "";
}
