import { requireSecrets, SESSION_SECRET_REQUIREMENT } from "@repo/auth";
import { Hono } from "hono";
import type { AppEnv } from "./env";
import { requireSession } from "./http/session";
import { guardWrites } from "./http/write-guard";
import { log } from "./log";
import { createGroup, getGroup, listMyGroups } from "./routes/groups";
import { health } from "./routes/health";
import { acceptInvitation, declineInvitation, invite, listMyInvitations } from "./routes/invitations";
import { approveJoinRequest, listJoinRequests, rejectJoinRequest, requestToJoin } from "./routes/join-requests";
import { grantAdmin, removeMember, revokeAdmin } from "./routes/members";

export { UserDirectoryDO } from "./directory/user-directory-do";
export { GroupsDO } from "./do/groups-do";

const app = new Hono<AppEnv>();

// Too short a secret outside development refuses every request (issue 7), health included.
app.use("*", requireSecrets([SESSION_SECRET_REQUIREMENT]));
app.get("/health", health);

app.use("/api/*", requireSession);
app.use("/api/*", guardWrites);
app.post("/api/groups", createGroup);
app.get("/api/groups", listMyGroups);
app.get("/api/groups/:groupId", getGroup);
app.post("/api/groups/:groupId/invitations", invite);
app.get("/api/invitations", listMyInvitations);
app.post("/api/invitations/:invitationId/accept", acceptInvitation);
app.post("/api/invitations/:invitationId/decline", declineInvitation);
app.post("/api/groups/:groupId/join-requests", requestToJoin);
app.get("/api/groups/:groupId/join-requests", listJoinRequests);
app.post("/api/join-requests/:requestId/approve", approveJoinRequest);
app.post("/api/join-requests/:requestId/reject", rejectJoinRequest);
app.delete("/api/groups/:groupId/members/:userId", removeMember);
app.put("/api/groups/:groupId/admins/:userId", grantAdmin);
app.delete("/api/groups/:groupId/admins/:userId", revokeAdmin);

app.notFound((c) => c.json({ error: "not found" }, 404));
app.onError((error, c) => {
  log("request_failed", { method: c.req.method, path: c.req.path, error: error.message.slice(0, 200) });
  return c.json({ error: "internal error" }, 500);
});

export default app;
