import { fileURLToPath } from "node:url";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

/** The browser app: `src/web` built to `dist/web`, which the server serves at `/` when it exists. */
export default defineConfig({
  root: here("./src/web"),
  plugins: [react()],
  build: {
    outDir: here("./dist/web"),
    emptyOutDir: true,
    target: "es2022",
    sourcemap: false,
  },
  server: {
    // `npx vite --config vite.config.ts` beside `parley serve` on 4700: the API and the live stream are proxied.
    proxy: { "/api": { target: "http://localhost:4700", ws: true } },
  },
});
