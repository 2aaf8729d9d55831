import { secret as declareSecret } from "keystash";

export const smtpPassword = declareSecret("SMTPPassword");
