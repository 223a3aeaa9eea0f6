/** The `parley` executable: `bin/parley.js` runs this file compiled; tests run it from source through tsx. */
import { main } from "./main.ts";

// `parley history … | head` closes the pipe early: that is not an error.
process.stdout.on("error", (error: NodeJS.ErrnoException) => {
  if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
  throw error;
});
process.exitCode = await main(process.argv);
