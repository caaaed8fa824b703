export const TEST_SESSION_SECRET = "test-session-secret-at-least-32-bytes-long";
/** Outside development the workers refuse an admin token under 24 bytes. */
export const TEST_ADMIN_TOKEN = "test-admin-token-at-least-24-bytes";
export const TEST_ALLOWED_ORIGIN = "http://127.0.0.1:5173";
/** How the fault drills' count lines start; drill-report.ts prints these even for passing tests. */
export const DRILL_LINE = "drill:";
