import { secret } from "keystash";

// A multi-line PEM key: stored and injected byte for byte.
export const sshPrivateKey = secret("SSHPrivateKey");
