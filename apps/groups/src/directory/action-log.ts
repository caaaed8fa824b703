import { z } from "zod";

const At = z.object({ at: z.number().int() });

/** The times of one user's recent rate-limited actions, in their directory object's SQLite storage. */
export class ActionLog {
  constructor(private readonly sql: SqlStorage) {}

  times(): number[] {
    return this.sql
      .exec("SELECT at FROM action_log")
      .toArray()
      .flatMap((raw) => {
        const row = At.safeParse(raw);
        return row.success ? [row.data.at] : [];
      });
  }

  record(at: number): void {
    this.sql.exec("INSERT INTO action_log (at) VALUES (?)", at);
  }

  /** Drops what no window looks at any more, so the log holds at most a day's allowed actions. */
  forgetBefore(at: number): void {
    this.sql.exec("DELETE FROM action_log WHERE at <= ?", at);
  }
}
