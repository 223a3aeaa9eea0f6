import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError } from "../../api/client.ts";
import { addPasskey, type OwnPasskey, removePasskey } from "../../api/factors.ts";
import { formatWhen } from "../../format.ts";
import { ProblemLine } from "../rounds/write-parts.tsx";

function passkeyProblem(error: unknown): string | null {
  if (!error) return null;
  if (error instanceof ApiError && error.code === "second_factor.last")
    return "A second factor is required of you: add another before removing the last one.";
  if (error instanceof Error && error.name === "NotAllowedError")
    return "The passkey prompt was closed or timed out.";
  if (error instanceof Error && error.name === "InvalidStateError")
    return "This device already holds a passkey for you.";
  return null;
}

/** My passkeys, each removable, and adding one (created by this browser or a security key) under a name. */
export function PasskeysList({
  passkeys,
  onCodes,
}: {
  passkeys: OwnPasskey[];
  onCodes: (codes: string[]) => void;
}) {
  const queryClient = useQueryClient();
  const [name, setName] = useState("");
  const add = useMutation({
    mutationFn: () => addPasskey(name.trim()),
    onSuccess: ({ recoveryCodes }) => {
      setName("");
      void queryClient.invalidateQueries({ queryKey: ["account"] });
      if (recoveryCodes) onCodes(recoveryCodes);
    },
  });
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    add.mutate();
  };
  return (
    <div className="passkeys">
      {passkeys.length > 0 ? (
        <ul className="account-list">
          {passkeys.map((p) => (
            <PasskeyRow key={p.id} passkey={p} />
          ))}
        </ul>
      ) : (
        <p className="muted">No passkeys yet.</p>
      )}
      <form onSubmit={onSubmit} className="inline-form">
        <label>
          Name of the new passkey
          <input
            name="passkey-name"
            required
            maxLength={100}
            placeholder="Work laptop"
            value={name}
            onChange={(e) => setName(e.target.value)}
          />
        </label>
        <button type="submit" disabled={add.isPending}>
          {add.isPending ? "Waiting for the passkey…" : "Add a passkey"}
        </button>
      </form>
      {passkeyProblem(add.error) ? (
        <p role="alert" className="error">
          {passkeyProblem(add.error)}
        </p>
      ) : (
        <ProblemLine error={add.error} />
      )}
    </div>
  );
}

function PasskeyRow({ passkey }: { passkey: OwnPasskey }) {
  const queryClient = useQueryClient();
  const remove = useMutation({
    mutationFn: () => removePasskey(passkey.id),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ["account"] }),
  });
  return (
    <li>
      <div>
        <strong>{passkey.name}</strong>
        <div className="muted">
          Added {formatWhen(passkey.createdAt)}
          {passkey.lastUsedAt ? `, last used ${formatWhen(passkey.lastUsedAt)}` : ", not used yet"}.
        </div>
        {passkeyProblem(remove.error) ? (
          <p role="alert" className="error">
            {passkeyProblem(remove.error)}
          </p>
        ) : (
          <ProblemLine error={remove.error} />
        )}
      </div>
      <button
        type="button"
        onClick={() => remove.mutate()}
        disabled={remove.isPending}
        aria-label={`Remove the passkey ${passkey.name}`}
      >
        Remove
      </button>
    </li>
  );
}
