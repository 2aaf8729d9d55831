import ignore from "ignore";
export default ignore;
export type { Ignore } from "ignore";
