import { useState } from "react";

/**
 * Recovery codes, shown this once: each opens the account once when the authenticator is lost. Copy and
 * download keep them; the server holds only their hashes and cannot show them again.
 */
export function RecoveryCodes({ codes, onDone }: { codes: readonly string[]; onDone: () => void }) {
  const [copied, setCopied] = useState(false);
  const text = `Parley recovery codes (each works once)\n\n${codes.join("\n")}\n`;
  const download = URL.createObjectURL(new Blob([text], { type: "text/plain" }));
  return (
    <section className="recovery-codes" aria-labelledby="recovery-heading">
      <h3 id="recovery-heading">Your recovery codes</h3>
      <p>
        Keep these somewhere safe, apart from your phone. Each one signs you in once if you lose your
        authenticator. <strong>They are shown only now.</strong>
      </p>
      <ol className="codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="actions">
        <button
          type="button"
          onClick={() => void navigator.clipboard?.writeText(text).then(() => setCopied(true))}
        >
          {copied ? "Copied" : "Copy"}
        </button>
        <a className="button" href={download} download="parley-recovery-codes.txt">
          Download
        </a>
        <button type="button" className="primary" onClick={onDone}>
          I have kept them
        </button>
      </div>
    </section>
  );
}
