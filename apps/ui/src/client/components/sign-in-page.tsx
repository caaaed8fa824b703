import { useMutation, useQueryClient } from "@tanstack/react-query";
import { type FormEvent, useState } from "react";
import { ApiError, messageOf } from "../api/http";
import { queryKeys } from "../api/query-keys";
import { signIn } from "../api/session";

const SUGGESTED = ["alice", "bob", "carol"];

export function SignInPage() {
  const queryClient = useQueryClient();
  const [userId, setUserId] = useState("");
  const [name, setName] = useState("");
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: signIn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.session }),
    onError: (error) =>
      setProblem(
        error instanceof ApiError && error.status === 404
          ? "Signing in as anyone only works in local development (pnpm dev)."
          : messageOf(error),
      ),
  });

  // The UI worker validates and answers 400 with the reasons, shown below; importing
  // SignInInput here would pull @repo/auth's JWT code into the browser bundle.
  function submit(input: { userId: string; name: string }) {
    setProblem(null);
    mutation.mutate(input);
  }

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    submit({ userId: userId.trim(), name: name.trim() || userId.trim() });
  }

  return (
    <main className="sign-in">
      <h1>Live notifications</h1>
      <p className="hint">
        Sign in as anyone (local development). Use a second window, or a private one, to be a second person and watch
        invitations arrive as they happen.
      </p>
      <div className="suggested">
        {SUGGESTED.map((id) => (
          <button
            key={id}
            type="button"
            data-testid={`sign-in-as-${id}`}
            disabled={mutation.isPending}
            onClick={() => submit({ userId: id, name: id })}
          >
            Sign in as {id}
          </button>
        ))}
      </div>
      <form className="panel stack" data-testid="sign-in-form" onSubmit={onSubmit}>
        <label>
          User id
          <input
            data-testid="sign-in-user-id"
            value={userId}
            onChange={(event) => setUserId(event.target.value)}
            placeholder="dave"
            autoComplete="username"
            required
          />
        </label>
        <label>
          Display name
          <input
            data-testid="sign-in-name"
            value={name}
            onChange={(event) => setName(event.target.value)}
            placeholder="Dave (defaults to the user id)"
          />
        </label>
        <button type="submit" data-testid="sign-in-submit" disabled={mutation.isPending}>
          {mutation.isPending ? "Signing in…" : "Sign in"}
        </button>
        {problem && (
          <p className="error" role="alert" data-testid="sign-in-error">
            {problem}
          </p>
        )}
      </form>
    </main>
  );
}
