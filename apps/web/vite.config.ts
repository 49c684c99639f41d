import { defineConfig } from "vite";

export default defineConfig({
  // `npx vite` for development: the API of a hub running on the default port (npm start).
  server: { proxy: { "/trpc": process.env.STATEHUB_URL ?? "http://127.0.0.1:4000" } },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Everything the page needs comes from the hub itself: no CDN, no inlined data URLs for scripts.
    assetsInlineLimit: 0,
    rolldownOptions: {
      onwarn(warning, warn) {
        // React libraries mark modules "use client" for server-component bundlers; a plain
        // client bundle has nothing to preserve.
        if (warning.code === "MODULE_LEVEL_DIRECTIVE") return;
        warn(warning);
      },
    },
  },
});
