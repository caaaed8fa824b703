import { cloudflare } from "@cloudflare/vite-plugin";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

// The workers' compatibility_date (2026-10-12) is the newest that this Vite plugin's pinned workerd
// runs, so local development and production run the same date.
export default defineConfig({
  plugins: [react(), cloudflare()],
});
