import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { changePassword } from "../../api/account.ts";
import { ApiError } from "../../api/client.ts";
import { PASSWORD_MAX, PASSWORD_MIN } from "../../api/members.ts";

/** What went wrong, in the form's words; the server's rules decide, these only say them plainly. */
function messageOf(error: unknown): string {
  if (error instanceof ApiError) {
    if (error.code === "password.wrong") return "The current password is wrong. Nothing was changed.";
    // Too common, or holding a context-specific word: the server's message says which.
    if (error.code === "password.common" || error.code === "password.context")
      return `${error.message} Nothing was changed.`;
    if (error.status === 429) return "Too many wrong passwords. Wait a few minutes, then try again.";
    if (error.code === "validation")
      return `The new password must be ${PASSWORD_MIN} to ${PASSWORD_MAX} characters long.`;
    return `${error.message} (${error.code})`;
  }
  return `Could not change the password: ${error instanceof Error ? error.message : String(error)}`;
}

/** Change my password: the current one re-entered, the new one twice. My other sessions and my API tokens end. */
export function PasswordForm() {
  const queryClient = useQueryClient();
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [again, setAgain] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  const change = useMutation({
    mutationFn: () => changePassword(current, next),
    onSuccess: () => {
      setDone(true);
      setCurrent("");
      setNext("");
      setAgain("");
      void queryClient.invalidateQueries({ queryKey: ["account", "sessions"] });
    },
    onError: (error) => setProblem(messageOf(error)),
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    setDone(false);
    setProblem(null);
    if (next.length < PASSWORD_MIN)
      return setProblem(`The new password is too short: at least ${PASSWORD_MIN} characters.`);
    if (next !== again) return setProblem("The two new passwords differ.");
    change.mutate();
  };
  return (
    <section className="panel" aria-labelledby="password-heading">
      <h2 id="password-heading">Change my password</h2>
      {/* noValidate: the form's own messages say what is wrong, in words, instead of the browser's bubbles. */}
      <form onSubmit={onSubmit} className="stacked" noValidate>
        <label>
          Current password
          <input
            type="password"
            autoComplete="current-password"
            required
            maxLength={PASSWORD_MAX}
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
          />
        </label>
        <label>
          New password <span className="muted">(at least {PASSWORD_MIN} characters)</span>
          <input
            type="password"
            autoComplete="new-password"
            required
            maxLength={PASSWORD_MAX}
            value={next}
            onChange={(e) => setNext(e.target.value)}
          />
        </label>
        <label>
          The new password again
          <input
            type="password"
            autoComplete="new-password"
            required
            maxLength={PASSWORD_MAX}
            value={again}
            onChange={(e) => setAgain(e.target.value)}
          />
        </label>
        <p className="muted">
          Your other sessions end at once and your API tokens are revoked; this one stays signed in.
        </p>
        {problem ? (
          <p role="alert" className="error">
            {problem}
          </p>
        ) : null}
        <button type="submit" className="primary" disabled={change.isPending}>
          {change.isPending ? "Changing…" : "Change password"}
        </button>
      </form>
      <p role="status" aria-live="polite" className="done">
        {done
          ? "Your password is changed. Your other sessions were signed out and your API tokens revoked."
          : ""}
      </p>
    </section>
  );
}
