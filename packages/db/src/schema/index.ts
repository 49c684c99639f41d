export * from "./enums.js";
export * from "./tables.js";
