export * from "./enums.js";
export * from "./open-task.js";
export * from "./tables.js";
