import { PASSWORD_MAX, PASSWORD_MIN } from "../../api/members.ts";

/** A new password and the same again, with the rule said before it is broken. */
export function NewPasswordFields({
  password,
  again,
  onPassword,
  onAgain,
}: {
  password: string;
  again: string;
  onPassword: (value: string) => void;
  onAgain: (value: string) => void;
}) {
  return (
    <>
      <p className="muted">
        At least {PASSWORD_MIN} characters. A long phrase is easier to remember than a short jumble.
      </p>
      <label>
        New password
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
          value={password}
          onChange={(e) => onPassword(e.target.value)}
        />
      </label>
      <label>
        The same password again
        <input
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
          value={again}
          onChange={(e) => onAgain(e.target.value)}
        />
      </label>
    </>
  );
}

/** The form's message for an API error or any other failure. */
export function failureText(error: unknown, doing: string): string {
  if (error instanceof Error && "status" in error && (error as { status: number }).status === 429)
    return "Too many attempts. Wait a few minutes, then try again.";
  return error instanceof Error ? error.message : `Could not ${doing}: ${String(error)}`;
}
