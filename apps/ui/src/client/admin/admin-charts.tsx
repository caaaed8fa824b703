import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { Series } from "./admin-api";

const time = (at: number) => new Date(at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });

export function ActivityChart({ series }: { series: Series }) {
  const data = series.points.map((point) => ({
    at: point.at,
    published: point.published,
    acked: point.acked,
    failed: point.failed,
  }));
  return (
    <figure className="admin-chart" aria-label="Published, acknowledged and failed over time">
      <figcaption>Notifications per {minutes(series.bucketSeconds)}</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" tickFormatter={time} minTickGap={24} />
          <YAxis allowDecimals={false} />
          <Tooltip labelFormatter={(at) => time(Number(at))} />
          <Legend />
          <Line
            type="monotone"
            dataKey="published"
            name="Published"
            stroke="#2563eb"
            dot={false}
            isAnimationActive={false}
          />
          <Line
            type="monotone"
            dataKey="acked"
            name="Acknowledged"
            stroke="#16a34a"
            dot={false}
            isAnimationActive={false}
          />
          <Line type="monotone" dataKey="failed" name="Failed" stroke="#dc2626" dot={false} isAnimationActive={false} />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

export function LatencyChart({ series }: { series: Series }) {
  const data = series.points.map((point) => ({
    at: point.at,
    p50: point.ackLatencyMs.p50,
    p95: point.ackLatencyMs.p95,
  }));
  return (
    <figure className="admin-chart" aria-label="Acknowledgment latency over time">
      <figcaption>Time to acknowledge (ms)</figcaption>
      <ResponsiveContainer width="100%" height={220}>
        <LineChart data={data} margin={{ top: 8, right: 12, bottom: 0, left: -8 }}>
          <CartesianGrid strokeDasharray="3 3" />
          <XAxis dataKey="at" tickFormatter={time} minTickGap={24} />
          <YAxis />
          <Tooltip labelFormatter={(at) => time(Number(at))} />
          <Legend />
          <Line type="monotone" dataKey="p50" name="Median" stroke="#7c3aed" connectNulls isAnimationActive={false} />
          <Line
            type="monotone"
            dataKey="p95"
            name="95th percentile"
            stroke="#ea580c"
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </figure>
  );
}

function minutes(seconds: number): string {
  if (seconds < 60) return `${seconds} s`;
  const value = Math.round(seconds / 60);
  return value === 1 ? "minute" : `${value} minutes`;
}
