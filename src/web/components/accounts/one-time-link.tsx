import { formatWhen } from "../../format.ts";
import { CopyField } from "../copy-field.tsx";

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
  return (
    <div className="invitation-link card">
      <h3>{heading}</h3>
      <p>
        {children} It works once and until {formatWhen(expiresAt)}. It is shown only now: the server keeps no
        copy it could show again.
      </p>
      <CopyField label={label} value={link} />
    </div>
  );
}
