export * from "proper-lockfile";
