import { useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useEffect, useId, useRef, useState } from "react";
import { describeProblem } from "../api/errors.js";
import { createHub } from "../api/hub.js";
import { normaliseToken } from "../api/token.js";
import { useAuth, useAuthState } from "./services.js";

/**
 * Asks for a read token when the hub answers 401. The token is tried against the hub before
 * it is kept: a wrong one is refused here, with the reason, and nothing is stored.
 */
export function TokenPrompt() {
  const auth = useAuth();
  const { asking, previousTokenRefused } = useAuthState();
  const queryClient = useQueryClient();
  const dialog = useRef<HTMLDialogElement>(null);
  const [error, setError] = useState<string | undefined>();
  const [checking, setChecking] = useState(false);
  const errorId = useId();
  const inputId = useId();

  useEffect(() => {
    const element = dialog.current;
    if (!element) return;
    if (asking && !element.open) element.showModal();
    if (!asking && element.open) element.close();
  }, [asking]);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const input = new FormData(form).get("token");
    const check = normaliseToken(typeof input === "string" ? input : "");
    if (!check.ok) {
      setError(check.reason);
      return;
    }
    setChecking(true);
    setError(undefined);
    try {
      await createHub(() => check.token).domains.list.query({ limit: 1 });
      form.reset();
      auth.accepted(check.token);
      await queryClient.invalidateQueries();
    } catch (failure) {
      const problem = describeProblem(failure);
      setError(
        problem.kind === "unauthorized"
          ? "The hub refused this token. Use a read (or write) token from the hub's STATEHUB_API_TOKENS."
          : `The token could not be checked: ${problem.message}`,
      );
    } finally {
      setChecking(false);
    }
  }

  return (
    <dialog
      ref={dialog}
      className="token-prompt"
      aria-labelledby={`${inputId}-title`}
      // The dashboard shows nothing without a token: Escape must not leave an empty page.
      onCancel={(event) => event.preventDefault()}
    >
      <form method="dialog" onSubmit={(event) => void submit(event)}>
        <h2 id={`${inputId}-title`}>A read token is needed</h2>
        <p>
          {previousTokenRefused
            ? "The hub no longer accepts the token this tab had. "
            : "This hub requires an API token. "}
          It is kept for this browser tab only (session storage) and sent only to this hub.
        </p>
        <label htmlFor={inputId}>Token</label>
        <input
          id={inputId}
          name="token"
          type="password"
          autoComplete="off"
          spellCheck={false}
          required
          aria-invalid={error !== undefined}
          aria-describedby={error === undefined ? undefined : errorId}
        />
        {error === undefined ? null : (
          <p id={errorId} className="problem" role="alert">
            {error}
          </p>
        )}
        <button type="submit" disabled={checking}>
          {checking ? "Checking…" : "Use this token"}
        </button>
      </form>
    </dialog>
  );
}
