import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folder of Parley's own package.json: the checkout when run from source, the installed package when run
 * compiled (`dist/server/…`). Files that ship beside the code (the web app, the Akoma Ntoso schema) are found
 * from here, so the code finds them at any depth of the build.
 */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(fileURLToPath(from));
  for (;;) {
    const manifest = join(dir, "package.json");
    if (
      existsSync(manifest) &&
      (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "parley"
    )
      return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`No Parley package.json above ${fileURLToPath(from)}`);
    dir = parent;
  }
}
