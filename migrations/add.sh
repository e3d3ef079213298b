#!/usr/bin/env bash
# Adds the same-named migration to every provider, so no provider "catches up later".
# Usage: migrations/add.sh AddBreachCategories
set -euo pipefail
name="${1:?usage: migrations/add.sh MigrationName}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
dotnet tool restore >/dev/null
for provider in Sqlite PostgreSql SqlServer; do
  project="migrations/Notifier.Migrations.$provider"
  echo "== $provider"
  dotnet ef migrations add "$name" --project "$project" --startup-project "$project" --output-dir Migrations
done
