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
    rolldownOptions: {
      output: {
        // The libraries change far less often than the app: in chunks of their own, a new release of the
        // app leaves them in the browser's cache (the assets are immutable). Every screen stays in the entry
        // chunk: the whole app is ~40 KB gzip, less than one more round trip would cost on a lazy route.
        codeSplitting: {
          groups: [
            { name: "react", test: /node_modules[\\/](react|react-dom|scheduler)[\\/]/ },
            { name: "tanstack", test: /node_modules[\\/]@tanstack[\\/]/ },
            { name: "vendor", test: /node_modules[\\/]/ },
          ],
        },
      },
    },
  },
  server: {
    // `npx vite --config vite.config.ts` beside `parley serve` on 4700: the API and the live stream are proxied.
    proxy: { "/api": { target: "http://localhost:4700", ws: true } },
  },
});
