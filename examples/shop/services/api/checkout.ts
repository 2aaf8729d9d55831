import * as keystash from "keystash";

// The same Stripe key the billing service uses: names are global to the app.
export const stripeKey = keystash.secret("StripeSecretKey");
