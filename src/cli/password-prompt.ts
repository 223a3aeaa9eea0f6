/**
 * Reads a password typed on the terminal without echoing it. A password is never a command-line argument
 * (it would sit in the shell's history and in every process listing), so off a terminal it must come from
 * PARLEY_PASSWORD instead.
 */
export async function promptHidden(question: string): Promise<string> {
  const input = process.stdin;
  if (!input.isTTY)
    throw new Error(
      "No terminal to ask for the password: set PARLEY_PASSWORD (never pass it as an argument).",
    );
  process.stderr.write(question);
  input.setRawMode(true);
  input.resume();
  input.setEncoding("utf8");
  try {
    return await new Promise<string>((resolve, reject) => {
      let typed = "";
      const onData = (chunk: string) => {
        for (const ch of chunk) {
          if (ch === "\r" || ch === "\n") {
            input.off("data", onData);
            process.stderr.write("\n");
            resolve(typed);
            return;
          }
          if (ch === "\u0003") {
            input.off("data", onData);
            reject(new Error("cancelled"));
            return;
          }
          if (ch === "\u007f" || ch === "\b") typed = typed.slice(0, -1);
          else typed += ch;
        }
      };
      input.on("data", onData);
    });
  } finally {
    input.setRawMode(false);
    input.pause();
  }
}
