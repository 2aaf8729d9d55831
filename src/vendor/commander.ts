export * from "@commander-js/extra-typings";
