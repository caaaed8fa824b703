CREATE TABLE "connection_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"connected_at" timestamp with time zone NOT NULL,
	"disconnected_at" timestamp with time zone,
	"close_code" integer,
	"user_agent_family" text,
	"last_seen_at" timestamp with time zone NOT NULL,
	"version" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "object_backlog" (
	"user_id" text PRIMARY KEY NOT NULL,
	"waiting" integer NOT NULL,
	"reported_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "notification_log" ADD COLUMN "delivered" boolean DEFAULT false NOT NULL;--> statement-breakpoint
CREATE INDEX "connection_log_open_idx" ON "connection_log" USING btree ("last_seen_at","user_id") WHERE "connection_log"."disconnected_at" is null;--> statement-breakpoint
CREATE INDEX "connection_log_user_connected_at_idx" ON "connection_log" USING btree ("user_id","connected_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notification_log_stats_idx" ON "notification_log" USING btree ("sent_at","event_type","status","delivered","acknowledged_at");--> statement-breakpoint
CREATE INDEX "notification_log_ack_latency_idx" ON "notification_log" USING btree ("sent_at","acknowledged_at") WHERE "notification_log"."status" = 'acked';--> statement-breakpoint
CREATE INDEX "notification_log_status_sent_at_idx" ON "notification_log" USING btree ("status","sent_at" DESC NULLS LAST,"id" DESC NULLS LAST);