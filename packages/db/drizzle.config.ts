import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "postgresql",
  schema: ["./src/schema/enums.ts", "./src/schema/tables.ts"],
  out: "./drizzle",
});
