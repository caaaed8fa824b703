import { cloudflare } from "@cloudflare/vite-plugin";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The workers' compatibility_date (2026-10-12) is the newest that this Vite plugin's pinned workerd
// runs, so local development and production run the same date.
export default defineConfig({
  // just dev runs the notifications and groups workers' inspectors on 9229 and 9230; a fixed port here
  // keeps the plugin from picking one of theirs while they start.
  plugins: [react(), cloudflare({ inspectorPort: 9231 })],
});
