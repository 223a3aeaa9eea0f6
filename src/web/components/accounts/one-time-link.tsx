import { useId, useState } from "react";
import { formatWhen } from "../../format.ts";

/** A link shown once (the server keeps only its hash), with a copy button and what it is for. */
export function OneTimeLinkCard({
  heading,
  label,
  link,
  expiresAt,
  children,
}: {
  heading: string;
  label: string;
  link: string;
  expiresAt: string;
  children?: React.ReactNode;
}) {
  const id = useId();
  const [copied, setCopied] = useState(false);
  return (
    <div className="invitation-link card">
      <h3>{heading}</h3>
      <p>
        {children} It works once and until {formatWhen(expiresAt)}. It is shown only now: the server keeps no
        copy it could show again.
      </p>
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input id={id} readOnly value={link} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(link).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? "Copied" : "Copy"}
        </button>
      </div>
    </div>
  );
}
