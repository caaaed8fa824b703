CREATE TABLE "notification_log" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" text NOT NULL,
	"event_type" text NOT NULL,
	"payload" jsonb NOT NULL,
	"sent_at" timestamp with time zone NOT NULL,
	"acknowledged" boolean DEFAULT false NOT NULL,
	"acknowledged_at" timestamp with time zone,
	"retry_count" integer DEFAULT 0 NOT NULL,
	"last_retry_at" timestamp with time zone,
	"status" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "notification_log_user_sent_at_idx" ON "notification_log" USING btree ("user_id","sent_at" DESC NULLS LAST);--> statement-breakpoint
CREATE INDEX "notification_log_unacknowledged_idx" ON "notification_log" USING btree ("user_id","sent_at") WHERE "notification_log"."status" in ('pending', 'failed');