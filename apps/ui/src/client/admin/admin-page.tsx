import { useQuery } from "@tanstack/react-query";
import { useEffect, useState } from "react";
import { ApiError, messageOf } from "../api/http";
import { adminRequest, Series, Stats } from "./admin-api";
import { ActivityChart, LatencyChart } from "./admin-charts";
import { FailedNotifications } from "./failed-list";
import { TokenForm } from "./token-form";
import "./admin.css";

const TOKEN_KEY = "admin-token";
const REFRESH_MS = 3_000;
const WINDOWS = [
  { seconds: 900, label: "15 minutes" },
  { seconds: 3600, label: "1 hour" },
  { seconds: 86_400, label: "24 hours" },
] as const;

/** The operators' page (design §5.0.1): asks for the admin token, then draws the figures. */
export function AdminPage() {
  // Read after mount: sessionStorage is the browser's, and never part of rendering.
  const [token, setToken] = useState<string | null>(null);
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => setToken(sessionStorage.getItem(TOKEN_KEY)), []);

  const signIn = (value: string) => {
    sessionStorage.setItem(TOKEN_KEY, value);
    setRefused(null);
    setToken(value);
  };
  const signOut = (reason: string | null) => {
    sessionStorage.removeItem(TOKEN_KEY);
    setRefused(reason);
    setToken(null);
  };

  if (!token) return <TokenForm onToken={signIn} error={refused} />;
  return <Dashboard token={token} onSignOut={signOut} />;
}

function Dashboard({ token, onSignOut }: { token: string; onSignOut: (reason: string | null) => void }) {
  const [windowSeconds, setWindowSeconds] = useState<number>(3600);
  const stats = useQuery({
    queryKey: ["admin", "stats", token, windowSeconds],
    queryFn: () => adminRequest(Stats, token, `/stats?windowSeconds=${windowSeconds}`),
    refetchInterval: REFRESH_MS,
  });
  const series = useQuery({
    queryKey: ["admin", "series", token, windowSeconds],
    queryFn: () => adminRequest(Series, token, `/stats/series?windowSeconds=${windowSeconds}&buckets=30`),
    refetchInterval: REFRESH_MS,
  });

  const rejected = stats.error instanceof ApiError && stats.error.status === 401;
  useEffect(() => {
    if (rejected) onSignOut("That admin token was not accepted. Check it and sign in again.");
  }, [rejected, onSignOut]);

  return (
    <main className="admin">
      <header className="admin-header">
        <h1>Operators</h1>
        <label>
          Window{" "}
          <select value={windowSeconds} onChange={(event) => setWindowSeconds(Number(event.target.value))}>
            {WINDOWS.map((option) => (
              <option key={option.seconds} value={option.seconds}>
                last {option.label}
              </option>
            ))}
          </select>
        </label>
        <button type="button" onClick={() => onSignOut(null)}>
          Sign out
        </button>
      </header>
      {stats.isError && !rejected ? (
        <p className="error" role="alert">
          The figures could not be loaded: {messageOf(stats.error)}
        </p>
      ) : null}
      {stats.isPending ? <p>Loading the figures…</p> : null}
      {stats.data ? <Headline stats={stats.data} /> : null}
      <section className="admin-charts">
        {series.data ? (
          <>
            <ActivityChart series={series.data} />
            <LatencyChart series={series.data} />
          </>
        ) : null}
        {series.isError ? <p className="error">The charts could not be loaded: {messageOf(series.error)}</p> : null}
      </section>
      {stats.data ? <ByType stats={stats.data} /> : null}
      <FailedNotifications token={token} refreshMs={REFRESH_MS} />
    </main>
  );
}

function Headline({ stats }: { stats: Stats }) {
  const figures: [string, string, string][] = [
    ["published", "Published", String(stats.published)],
    ["delivered", "Delivered at once", String(stats.delivered)],
    ["acked", "Acknowledged", String(stats.acked)],
    ["failed", "Failed", String(stats.failed)],
    ["muted", "Muted", String(stats.muted)],
    ["ack-rate", "Ack rate", stats.ackRate === null ? "—" : `${Math.round(stats.ackRate * 100)} %`],
    ["p50", "Ack time, median", ms(stats.ackLatencyMs.p50)],
    ["p95", "Ack time, 95th pct.", ms(stats.ackLatencyMs.p95)],
    ["open", "Open connections", String(stats.connections.open)],
    ["users", "Connected users", String(stats.connections.users)],
    ["backlog", "Audit rows waiting", String(stats.auditBacklog)],
  ];
  return (
    <section className="admin-figures" aria-label="Headline figures">
      {figures.map(([key, label, value]) => (
        <div key={key} className="admin-figure" data-figure={key}>
          <span className="admin-figure-value">{value}</span>
          <span className="admin-figure-label">{label}</span>
        </div>
      ))}
    </section>
  );
}

function ByType({ stats }: { stats: Stats }) {
  const rows = Object.entries(stats.byType).sort(([, a], [, b]) => b.published - a.published);
  return (
    <section className="admin-panel" aria-labelledby="types-heading">
      <h2 id="types-heading">By event type</h2>
      {rows.length === 0 ? (
        <p className="admin-empty">No notification was published in this window.</p>
      ) : (
        <div className="admin-table-scroll">
          <table className="admin-table">
            <thead>
              <tr>
                <th scope="col">Type</th>
                <th scope="col">Published</th>
                <th scope="col">Acknowledged</th>
                <th scope="col">Failed</th>
              </tr>
            </thead>
            <tbody>
              {rows.map(([type, figures]) => (
                <tr key={type} data-type={type}>
                  <th scope="row">{type}</th>
                  <td>{figures.published}</td>
                  <td>{figures.acked}</td>
                  <td>{figures.failed}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function ms(value: number | null): string {
  if (value === null) return "—";
  return value < 1000 ? `${value} ms` : `${(value / 1000).toFixed(1)} s`;
}
