import { type FormEvent, useState } from "react";

export function TokenForm({ onToken, error }: { onToken: (token: string) => void; error: string | null }) {
  const [value, setValue] = useState("");
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const token = value.trim();
    if (token) onToken(token);
  };
  return (
    <form className="admin-sign-in" onSubmit={submit}>
      <h1>Operators</h1>
      <p>Enter the admin token of this deployment to see its figures. It stays in this tab only.</p>
      <label>
        Admin token
        <input
          type="password"
          autoComplete="off"
          value={value}
          onChange={(event) => setValue(event.target.value)}
          aria-label="Admin token"
        />
      </label>
      {error ? (
        <p className="error" role="alert">
          {error}
        </p>
      ) : null}
      <button type="submit" disabled={!value.trim()}>
        Sign in
      </button>
    </form>
  );
}
