# Recipes for the notifications monorepo. `pnpm exec just --list` shows them.
set dotenv-load := false

export WRANGLER_SEND_METRICS := "false"
export CLOUDFLARE_CF_FETCH_ENABLED := "false"
export TURBO_TELEMETRY_DISABLED := "1"

# Start everything locally: the database (embedded unless DATABASE_URL), migrations, workers and UI.
dev:
    pnpm dev

# Run every test (real Postgres when DATABASE_URL is set, embedded otherwise).
test:
    pnpm test:all

# Build every worker (`wrangler deploy --dry-run`) and the UI.
build:
    pnpm build

# Types, lint and formatting.
check:
    pnpm check

# Generate a SQL migration from an app's Drizzle schema.
db-generate app:
    pnpm -F {{app}} exec drizzle-kit generate

# Apply an app's migrations to DATABASE_URL, or to the embedded database.
db-migrate app:
    pnpm db:migrate {{app}}

# The notifications worker against a bare Durable Object, side by side; writes docs/BENCHMARKS.md (`just bench --quick` for a smoke run).
bench *args:
    pnpm bench {{args}}
