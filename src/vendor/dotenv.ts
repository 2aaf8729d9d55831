export * from "dotenv";
