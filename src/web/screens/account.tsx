import { useQuery } from "@tanstack/react-query";
import { sessionQuery } from "../api/queries.ts";
import { PasswordForm } from "../components/account/password-form.tsx";
import { SessionsPanel } from "../components/account/sessions-panel.tsx";
import { TokensPanel } from "../components/account/tokens-panel.tsx";
import "../components/account/account.css";

/** My account: password, where I am signed in, API tokens. Everything here is about my own account only. */
export function AccountScreen() {
  const { data: session } = useQuery(sessionQuery);
  return (
    <article className="account-screen">
      <header className="page-head">
        <h1>My account</h1>
        {session ? (
          <p className="lead">
            {session.account.name}, {session.account.email}
          </p>
        ) : null}
      </header>
      <div className="account-layout">
        <div className="account-column">
          <SessionsPanel />
          <TokensPanel />
        </div>
        <div className="account-column">
          <PasswordForm />
        </div>
      </div>
    </article>
  );
}
