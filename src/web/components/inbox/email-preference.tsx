import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { type EmailMode, preferencesQuery, setEmailMode } from "../../api/inbox.ts";
import { ProblemLine } from "../rounds/write-parts.tsx";

const CHOICES: { mode: EmailMode; label: string; hint: string }[] = [
  { mode: "each", label: "For each new entry", hint: "one e-mail per entry, as it arrives" },
  { mode: "daily", label: "A daily digest", hint: "at most one e-mail a day, when something is unread" },
  { mode: "none", label: "Never", hint: "only the inbox here" },
];

/** How often Parley e-mails me about my inbox. The mails name nothing: they carry a link to this page. */
export function EmailPreference() {
  const queryClient = useQueryClient();
  const preferences = useQuery(preferencesQuery);
  const save = useMutation({
    mutationFn: setEmailMode,
    onSuccess: (next) => queryClient.setQueryData(preferencesQuery.queryKey, next),
  });
  if (!preferences.data) return null;
  const current = save.isPending && save.variables ? save.variables : preferences.data.email;
  return (
    <fieldset className="email-preference">
      <legend>E-mail me about my inbox</legend>
      {CHOICES.map((c) => (
        <label key={c.mode} className="choice">
          <input
            type="radio"
            name="email-mode"
            value={c.mode}
            checked={current === c.mode}
            disabled={save.isPending}
            onChange={() => save.mutate(c.mode)}
          />
          {c.label} <span className="muted">({c.hint})</span>
        </label>
      ))}
      <p className="muted small">
        {preferences.data.mailConfigured
          ? "An e-mail says only that something is new, with a link here: never what it is, nor which negotiation."
          : "This server sends no e-mail (no mail server is configured): your choice applies once one is."}
      </p>
      <ProblemLine error={save.error} />
    </fieldset>
  );
}
