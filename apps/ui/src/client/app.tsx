import { useQuery } from "@tanstack/react-query";
import { messageOf } from "./api/http";
import { queryKeys } from "./api/query-keys";
import { fetchSession } from "./api/session";
import { SignInPage } from "./components/sign-in-page";
import { Workspace } from "./components/workspace";

export function App() {
  const session = useQuery({ queryKey: queryKeys.session, queryFn: fetchSession });

  if (session.isPending) return <p className="page-message">Loading…</p>;
  if (session.isError) {
    return (
      <div className="page-message">
        <p className="error">Could not reach the server: {messageOf(session.error)}</p>
        <button type="button" onClick={() => void session.refetch()}>
          Try again
        </button>
      </div>
    );
  }
  // Keyed by user: signing in as someone else starts from a clean page and a new socket.
  return session.data ? <Workspace key={session.data.userId} user={session.data} /> : <SignInPage />;
}
