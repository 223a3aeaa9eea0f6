import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildApp } from "../src/server/app.ts";
import { Store } from "../src/store/store.ts";

const cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const step of cleanup.splice(0).reverse()) await step();
  delete process.env.PARLEY_WEB_DIR;
});

/** The server over an empty store, serving the web build in `webDir` (which may not exist). */
async function serve(webDir: string) {
  process.env.PARLEY_WEB_DIR = webDir;
  const dir = await mkdtemp(join(tmpdir(), "parley-serve-web-"));
  const store = await Store.open({ file: join(dir, "parley.db") });
  const { app } = await buildApp({ store });
  cleanup.push(async () => {
    await app.close();
    await store.close();
    await rm(dir, { recursive: true, force: true });
  });
  return app;
}

describe("the server serves the built web app", () => {
  it("answers the app's routes with its page, its assets cached for good, and leaves /api alone", async () => {
    const web = await mkdtemp(join(tmpdir(), "parley-web-"));
    cleanup.push(() => rm(web, { recursive: true, force: true }));
    await mkdir(join(web, "assets"));
    await writeFile(join(web, "index.html"), "<!doctype html><title>Parley app</title>");
    await writeFile(join(web, "assets", "index-abc123.js"), "console.log(1)");
    const app = await serve(web);

    for (const url of ["/", "/sign-in", "/negotiations", "/negotiations/armenia-azerbaijan-2023/text"]) {
      const page = await app.inject({ url });
      expect(page.statusCode, url).toBe(200);
      expect(page.body).toContain("Parley app");
      expect(page.headers["cache-control"]).toBe("no-store");
    }
    const asset = await app.inject({ url: "/assets/index-abc123.js" });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers["cache-control"]).toContain("immutable");

    const api = await app.inject({ url: "/api/no-such-thing" });
    expect(api.statusCode).toBe(404);
    expect(api.headers["content-type"]).toContain("application/problem+json");
    expect((await app.inject({ url: "/api/negotiations" })).statusCode).toBe(401);
    expect((await app.inject({ url: "/elsewhere" })).statusCode).toBe(404);
  });

  it("without a build, keeps the plain home page", async () => {
    const app = await serve(join(tmpdir(), "parley-no-such-build"));
    const home = await app.inject({ url: "/" });
    expect(home.statusCode).toBe(200);
    expect(home.body).toContain("API documentation");
    expect((await app.inject({ url: "/negotiations" })).statusCode).toBe(404);
  });
});
