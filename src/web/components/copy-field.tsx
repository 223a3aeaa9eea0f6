import { useId, useState } from "react";

/**
 * A value to pass on (a link, a token), read-only with a copy button. "Copied" belongs to the value that was
 * copied, so a new value shows the plain button again without its owner having to reset anything.
 */
export function CopyField({
  label,
  value,
  copyLabel = "Copy",
}: {
  label: string;
  value: string;
  copyLabel?: string;
}) {
  const id = useId();
  const [copiedValue, setCopiedValue] = useState<string | null>(null);
  return (
    <>
      <label htmlFor={id}>{label}</label>
      <div className="row">
        <input id={id} readOnly value={value} onFocus={(e) => e.currentTarget.select()} />
        <button
          type="button"
          onClick={() =>
            void navigator.clipboard.writeText(value).then(
              () => setCopiedValue(value),
              () => setCopiedValue(null),
            )
          }
        >
          {copiedValue === value ? "Copied" : copyLabel}
        </button>
      </div>
    </>
  );
}
