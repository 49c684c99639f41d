import { PGLITE_SUITES } from "@statehub/testing";
import { defineConfig } from "vitest/config";

export default defineConfig({ test: PGLITE_SUITES });
