import { messageOf } from "../api/http";

export function QueryError({ error }: { error: unknown }) {
  return (
    <p className="error" role="alert">
      {messageOf(error)}
    </p>
  );
}
